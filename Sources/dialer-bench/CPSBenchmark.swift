import ArgumentParser
import DialerCore
import DialerHTTP
import DialerSim
import DialerTelephony
import Foundation
import Logging

/// Drives TokenBucketLimiter and the Twilio client at each rate for a fixed time, then reads
/// the simulator's request log: achieved rate, and the most create-call requests that
/// arrived in any sliding one-second window, against the cap.
struct CPSBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cps", abstract: "Calls-per-second limiter against dialer-sim.")

    @Option(help: "Comma-separated rates to test.") var rates = "1,10,100"
    @Option(help: "Seconds per rate.") var seconds: Double = 10
    @Option(help: "Token bucket burst.") var burst = 1
    @Option(help: "Limiter guard band in milliseconds (default: dialerd's).") var guardBandMs: Int?

    func run() async throws {
        let rateList = rates.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !rateList.isEmpty, seconds > 0 else { throw ValidationError("need at least one rate and a positive duration") }
        var logger = Logger(label: "dialer-bench")
        logger.logLevel = .critical
        print(
            "rate  duration  calls  achieved/s  achieved/cap  max-in-1s-window  grants-in-1s-max  cap  min-span-cap+1-ms  delay-p50-ms  delay-max-ms  verdict"
        )
        var failed = false
        for rate in rateList {
            let band = guardBandMs.map { Duration.milliseconds($0) } ?? CarrierGuardBand.default
            let result = try await Self.measure(rate: rate, seconds: seconds, burst: burst, guardBand: band, logger: logger)
            failed = failed || result.maxInWindow > result.cap
            print(result.line)
        }
        if failed { throw ExitCode.failure }
    }

    struct Result {
        var rate: Double
        var seconds: Double
        var calls: Int
        var achieved: Double
        var maxInWindow: Int
        var cap: Int
        /// The same measure over the limiter's own grant times, before the network.
        var grantMaxInWindow: Int
        /// The shortest time any cap + 1 consecutive arrivals took; at least 1 s means no window is over the cap.
        var tightestSpan: TimeInterval?
        /// The n-th grant paired with the n-th arrival: how long a granted request took to reach the carrier.
        var delayP50: TimeInterval?
        var delayMax: TimeInterval?

        var line: String {
            func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
            return pad(String(format: "%g", rate), 6) + pad(String(format: "%.0fs", seconds), 10) + pad("\(calls)", 7)
                + pad(String(format: "%.2f", achieved), 12) + pad(String(format: "%.3f", achieved / rate), 14)
                + pad("\(maxInWindow)", 18) + pad("\(grantMaxInWindow)", 17) + pad("\(cap)", 5)
                + pad(tightestSpan.map { String(format: "%.1f", $0 * 1000) } ?? "-", 19)
                + pad(delayP50.map { String(format: "%.1f", $0 * 1000) } ?? "-", 14)
                + pad(delayMax.map { String(format: "%.1f", $0 * 1000) } ?? "-", 14) + (maxInWindow <= cap ? "ok" : "over cap")
        }
    }

    static func measure(rate: Double, seconds: Double, burst: Int, guardBand: Duration, logger: Logger) async throws -> Result {
        let recorder = WebhookRecorder(logger: logger)
        try await recorder.start()
        var configuration = SimConfiguration(seed: 1, callsPerSecond: rate, outcomes: .realistic)
        configuration.latency.timeScale = 1
        // The simulator sends its callbacks on its own client, as a carrier would, so they
        // never queue behind the call requests being measured.
        let http = try CurlHTTPClient()
        let sim = try SimServer(configuration: configuration, logger: logger)
        try await sim.start()

        let limiter = RecordingLimiter(TokenBucketLimiter(ratePerSecond: rate, burst: burst, guardBand: guardBand, clock: ContinuousClock()))
        let twilio = TwilioCallProvider(
            configuration: TwilioConfiguration(
                baseURL: sim.baseURL, accountSid: configuration.twilioAccountSid,
                credentials: .authToken(configuration.twilioAuthToken),
                statusCallbackEvents: [.completed], machineDetection: nil),
            http: http, limiter: limiter)
        let start = Date()
        let deadline = ContinuousClock.now + .seconds(seconds)
        let workers = min(200, max(4, Int(rate.rounded(.up)) * 2))
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var index = 0
                    while ContinuousClock.now < deadline, !Task.isCancelled {
                        index += 1
                        let request = PlaceCallRequest(
                            attemptId: "bench-\(worker)-\(index)", campaignId: "000000000000000000000000",
                            contactId: "000000000000000000000000", to: "+1415\(String(format: "%07d", worker * 10_000 + index % 10_000))",
                            from: "+14155550199", callbackBaseURL: recorder.baseURL)
                        do {
                            _ = try await twilio.placeCall(request)
                        } catch {
                            // Cancelled while waiting for a slot: the run is over.
                            if (error as? ProviderError)?.code == "rate-limiter" { return }
                        }
                    }
                }
            }
            try? await Task.sleep(until: deadline)
            group.cancelAll()
        }

        let arrivals = await sim.requestLog.all()
            .filter { $0.method == "POST" && $0.path.hasSuffix("/Calls.json") }
            .map(\.arrival).sorted()
        await sim.stop()
        await recorder.stop()
        await http.shutdown()

        let inRun = arrivals.filter { $0.timeIntervalSince(start) < seconds }
        let grants = limiter.grants()
        let cap = max(1, Int(rate.rounded(.down)))
        let delays = zip(grants, arrivals).map { $1.timeIntervalSince($0) }.sorted()
        return Result(
            rate: rate, seconds: seconds, calls: inRun.count, achieved: Double(inRun.count) / seconds,
            maxInWindow: maxInSlidingWindow(arrivals, width: 1), cap: cap,
            grantMaxInWindow: maxInSlidingWindow(grants, width: 1),
            tightestSpan: tightestSpan(arrivals, count: cap + 1),
            delayP50: delays.isEmpty ? nil : delays[delays.count / 2], delayMax: delays.last)
    }

    /// The most timestamps in any half-open window [t, t + width).
    static func maxInSlidingWindow(_ sorted: [Date], width: TimeInterval) -> Int {
        var best = 0
        var low = 0
        for high in sorted.indices {
            while sorted[high].timeIntervalSince(sorted[low]) >= width { low += 1 }
            best = max(best, high - low + 1)
        }
        return best
    }

    /// The shortest time between an arrival and the one `count - 1` places later.
    static func tightestSpan(_ sorted: [Date], count: Int) -> TimeInterval? {
        guard count >= 2, sorted.count >= count else { return nil }
        return (0...(sorted.count - count)).map { sorted[$0 + count - 1].timeIntervalSince(sorted[$0]) }.min()
    }
}

/// Passes acquisitions through and notes when each returned, under a lock rather than
/// behind an actor hop, so the note is as close to the grant as the caller sees it.
final class RecordingLimiter: CallRateLimiter, @unchecked Sendable {
    private let inner: any CallRateLimiter
    private let lock = NSLock()
    private var granted: [Date] = []

    init(_ inner: any CallRateLimiter) { self.inner = inner }

    func acquire() async throws {
        try await inner.acquire()
        let now = Date()
        lock.withLock { granted.append(now) }
    }

    func grants() -> [Date] { lock.withLock { granted.sorted() } }
}

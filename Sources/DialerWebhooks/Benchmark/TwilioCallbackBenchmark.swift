import DialerCore
import DialerHTTP
import DialerStore
import DialerTelephony
import Foundation
import Logging

/// Measures signed Twilio status callbacks per second through the whole server: loopback
/// HTTP, signature check, form parsing and the in-memory store. `BenchmarkTests`
/// (DialerWebhooksTests) runs it: small in every test run, to keep it honest; sized by
/// DIALER_WEBHOOK_BENCH_CALLS and DIALER_WEBHOOK_BENCH_CONCURRENCY, in a release build, for a figure.
///
/// Every call gets the four callbacks Twilio sends (initiated, ringing, in-progress,
/// completed). Each worker walks its own calls in order, and `concurrency` workers run at once.
/// Requests are signed before the clock starts, so only the server's work is timed (the
/// libcurl client shares the machine's cores with it).
public struct TwilioCallbackBenchmark: Sendable {
    public var calls: Int
    public var concurrency: Int

    public init(calls: Int = 5_000, concurrency: Int = 16) {
        self.calls = calls
        self.concurrency = max(1, concurrency)
    }

    public struct Result: Sendable, CustomStringConvertible {
        public var callbacks: Int
        public var elapsed: Duration
        public var p50: Duration
        public var p99: Duration
        /// Process CPU time (user + system) spent while timing: server and client together.
        public var cpu: Duration
        /// Calls not `completed` with their duration (and, for a sample, all four events): must be 0.
        public var mismatches: Int

        public var perSecond: Double { Double(callbacks) / elapsed.seconds }

        /// What the process could sustain with every core to itself. On a machine shared with
        /// other work the wall-clock rate understates it; this does not depend on contention.
        public var perSecondPerCore: Double { Double(callbacks) / cpu.seconds }

        public var description: String {
            String(
                format: "%d signed Twilio status callbacks in %.2f s: %.0f callbacks/s (p50 %.2f ms, p99 %.2f ms); "
                    + "%.0f µs CPU per callback, client included = %.0f callbacks/s per core; %d mismatches",
                callbacks, elapsed.seconds, perSecond, p50.milliseconds, p99.milliseconds,
                cpu.seconds / Double(max(1, callbacks)) * 1e6, perSecondPerCore, mismatches)
        }
    }

    private struct NoListener: CallEndListener {
        func callEnded(_ call: Call) async {}
    }

    public func run() async throws -> Result {
        let token = "benchmark-auth-token"
        let store = InMemoryStore()
        let configuration = WebhookConfiguration(
            host: "127.0.0.1", port: 0, publicBaseURL: "https://dialer.example.com",
            twilioAuthToken: token)
        let quiet = Logger(label: "webhook-benchmark", factory: { _ in SwiftLogNoOpLogHandler() })
        let server = WebhookServer(configuration: configuration, store: store, listener: NoListener(), logger: quiet)
        let serverTask = Task { try await server.run() }
        defer { serverTask.cancel() }
        let port = try await server.listeningPort()
        let client = try CurlHTTPClient(maxCachedConnections: concurrency * 2)

        let now = Date()
        for n in 0..<calls {
            var call = Call(
                attemptId: "bench-\(n)", provider: .twilio, attempt: 1, from: "+14155550100",
                to: "+14155550123", now: now)
            call.callSid = Self.callSid(n)
            _ = try await store.insertCall(call)
        }
        let requests = (0..<calls).map { n in Self.requests(call: n, port: port, token: token, configuration: configuration) }

        let clock = ContinuousClock()
        let cpuBefore = Self.processCPUTime()
        let started = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var samples: [Duration] = []
                    for n in stride(from: worker, to: calls, by: concurrency) {
                        for request in requests[n] {
                            let sent = clock.now
                            let response = try await client.send(request)
                            guard response.status == 200 else { throw BenchmarkError.status(response.status) }
                            samples.append(sent.duration(to: clock.now))
                        }
                    }
                    return samples
                }
            }
            var all: [Duration] = []
            for try await samples in group { all += samples }
            return all.sorted()
        }
        let elapsed = started.duration(to: clock.now)
        let cpu = Self.processCPUTime() - cpuBefore
        await client.shutdown()

        var mismatches = 0
        // Listing events scans them all in the in-memory store, so a sample of calls is checked.
        let sampled = Set(stride(from: 0, to: calls, by: max(1, calls / 100)))
        for n in 0..<calls {
            let call = try await store.call(.callSid(Self.callSid(n)))
            var complete = call?.status == .completed && call?.duration == 42
            if sampled.contains(n), try await store.callEvents(callSid: Self.callSid(n)).count != 4 { complete = false }
            if !complete { mismatches += 1 }
        }
        serverTask.cancel()
        _ = try? await serverTask.value
        return Result(
            callbacks: latencies.count, elapsed: elapsed, p50: latencies[latencies.count / 2],
            p99: latencies[latencies.count * 99 / 100], cpu: cpu, mismatches: mismatches)
    }

    enum BenchmarkError: Error {
        case status(Int)
    }

    static func processCPUTime() -> Duration {
        var usage = rusage()
        #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        func duration(_ t: timeval) -> Duration { .seconds(t.tv_sec) + .microseconds(t.tv_usec) }
        return duration(usage.ru_utime) + duration(usage.ru_stime)
    }

    static func callSid(_ n: Int) -> String { "CA" + String(format: "%032x", n) }

    static func requests(call n: Int, port: Int, token: String, configuration: WebhookConfiguration) -> [HTTPRequest] {
        let sid = callSid(n)
        let query = "\(CallbackURLs.attemptIdParameter)=bench-\(n)"
        let publicURL = configuration.publicBaseURL + CallbackURLs.twilioStatusPath + "?" + query
        let localURL = "http://127.0.0.1:\(port)" + CallbackURLs.twilioStatusPath + "?" + query
        return ["initiated", "ringing", "in-progress", "completed"].enumerated().map { sequence, status in
            var parameters: [(String, String)] = [
                ("AccountSid", "AC00000000000000000000000000000001"), ("ApiVersion", "2010-04-01"), ("CallSid", sid),
                ("CallStatus", status), ("CallbackSource", "call-progress-events"), ("Direction", "outbound-api"),
                ("From", "+14155550100"), ("To", "+14155550123"), ("SequenceNumber", String(sequence)),
                ("Timestamp", HTTPDate.rfc2822(Date()))
            ]
            if status == "completed" {
                parameters += [("CallDuration", "42"), ("Duration", "1"), ("SipResponseCode", "200")]
            }
            let signature = TwilioSignature.compute(authToken: token, url: publicURL, parameters: parameters)
            return HTTPRequest(
                method: "POST", url: localURL,
                headers: [
                    HTTPHeader("Content-Type", "application/x-www-form-urlencoded"),
                    HTTPHeader("X-Twilio-Signature", signature)
                ],
                body: Array(FormURLEncoding.encode(parameters).utf8))
        }
    }
}

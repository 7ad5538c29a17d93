import ArgumentParser
import DialerSim
import Dispatch
import Foundation
import Logging

/// dialer-sim: Twilio, ElevenLabs and Bland simulated on loopback. Wiring only; the
/// simulator lives in the DialerSim library.
@main
struct DialerSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dialer-sim",
        abstract: "Simulates the Twilio, ElevenLabs and Bland APIs on 127.0.0.1, with signed callbacks.")

    @Option(help: "Port to listen on; 0 picks a free one.") var port = 0
    @Option(help: "Seed for ids, outcomes and timings (default: a random one, printed at start).") var seed: UInt64?
    @Option(help: "Calls per second before calls queue (0: unlimited).") var cps: Double = 1
    @Option(help: "Outcome weights, e.g. human=55,machine=15,busy=8,no-answer=17,failed=5.") var outcomes =
        "human=55,machine=15,busy=8,no-answer=17,failed=5"
    @Option(help: "Multiplies every call phase's length; 0.01 plays a minute in 0.6 s.") var timeScale: Double = 1
    @Option(help: "REST response latency in milliseconds, as min-max.") var apiLatencyMs = "0-0"
    @Option(help: "Concurrent REST requests above which 429/20429 is returned (0: no limit).") var maxConcurrentRequests = 0
    @Option(help: "Retry-After seconds sent with 429.") var retryAfter = 1
    @Option(help: "Append every received request to this file as JSON lines.") var requestLog: String?
    @Option(help: "Twilio account SID.") var accountSid = "AC00000000000000000000000000000001"
    @Option(help: "Twilio auth token (also signs callbacks).") var authToken = "sim-auth-token"
    @Option(help: "Twilio API key SID accepted instead of the account SID.") var apiKeySid: String?
    @Option(help: "Twilio API key secret.") var apiKeySecret: String?
    @Option(help: "ElevenLabs xi-api-key.") var elevenLabsApiKey = "sim-xi-api-key"
    @Option(help: "Where ElevenLabs post-call webhooks go.") var elevenLabsWebhookUrl: String?
    @Option(help: "Signs ElevenLabs webhooks.") var elevenLabsWebhookSecret: String?
    @Option(help: "Bland API key.") var blandApiKey = "sim-bland-key"
    @Option(help: "Signs Bland webhooks.") var blandWebhookSecret: String?
    @Option(name: .customLong("sheet"), help: "A simulated Google sheet, ID:NAME=path.csv (repeatable).") var sheets: [String] = []
    @Option(help: "PEM public key of the service account whose JWTs POST /token accepts.") var googlePublicKey: String?
    @Option(help: "client_email of that service account.") var googleClientEmail = "dialer-sim@dialer-sim.iam.gserviceaccount.com"
    @Option(help: "Sheets write requests allowed per sliding minute before 429 RESOURCE_EXHAUSTED.") var sheetsWriteQuota = 60

    func validate() throws {
        guard OutcomeMix(parsing: outcomes) != nil else { throw ValidationError("--outcomes: expected name=weight pairs") }
        guard latencyRange != nil else { throw ValidationError("--api-latency-ms: expected MIN-MAX") }
        guard timeScale > 0 else { throw ValidationError("--time-scale must be positive") }
    }

    private var latencyRange: ClosedRange<Double>? {
        let parts = apiLatencyMs.split(separator: "-").compactMap { Double($0) }
        guard parts.count == 2, parts[0] >= 0, parts[0] <= parts[1] else { return nil }
        return (parts[0] / 1000)...(parts[1] / 1000)
    }

    func run() async throws {
        var logger = Logger(label: "dialer-sim")
        logger.logLevel = .notice
        var latency = LatencyProfile.realistic
        latency.timeScale = timeScale
        // API latency is real time, not scaled with the call phases.
        latency.apiLatency = latencyRange.map { ($0.lowerBound / timeScale)...($0.upperBound / timeScale) } ?? 0...0
        // Twilio never reuses a SID; a fixed default seed would, against a database that outlives the run.
        let seed = self.seed ?? UInt64.random(in: 1...UInt64.max)
        let configuration = SimConfiguration(
            port: port, seed: seed, callsPerSecond: cps > 0 ? cps : nil, outcomes: OutcomeMix(parsing: outcomes) ?? .realistic,
            latency: latency, maxConcurrentRequests: maxConcurrentRequests > 0 ? maxConcurrentRequests : nil,
            retryAfterSeconds: retryAfter, twilioAccountSid: accountSid, twilioAuthToken: authToken,
            twilioAPIKeySid: apiKeySid, twilioAPIKeySecret: apiKeySecret, elevenLabsAPIKey: elevenLabsApiKey,
            elevenLabsWebhookURL: elevenLabsWebhookUrl, elevenLabsWebhookSecret: elevenLabsWebhookSecret,
            blandAPIKey: blandApiKey, blandWebhookSecret: blandWebhookSecret, requestLogPath: requestLog)
        var withGoogle = configuration
        withGoogle.sheets = try sheets.map(SimSheetSeed.parse(flag:))
        withGoogle.googleClientEmail = googleClientEmail
        withGoogle.sheetsWriteQuotaPerMinute = sheetsWriteQuota
        if let googlePublicKey {
            guard let pem = FileManager.default.contents(atPath: googlePublicKey) else {
                throw ValidationError("--google-public-key: cannot read \(googlePublicKey)")
            }
            withGoogle.googlePublicKeyPEM = String(decoding: pem, as: UTF8.self)
        }
        let sim = try SimServer(configuration: withGoogle, logger: logger)
        let boundPort = try await sim.start()
        // Written unbuffered: scripts wait for this line to learn the port.
        FileHandle.standardOutput.write(Data("dialer-sim seed \(seed) (pass --seed \(seed) to replay this run)\n".utf8))
        FileHandle.standardOutput.write(Data("dialer-sim listening on 127.0.0.1:\(boundPort)\n".utf8))
        await Self.waitForTerminationSignal()
        await sim.stop()
    }

    private static func waitForTerminationSignal() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = SignalOnce(continuation)
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
                source.setEventHandler { once.fire() }
                source.resume()
                SignalOnce.retained.append(source)
            }
        }
    }
}

/// Resumes the waiter on the first signal only.
private final class SignalOnce: @unchecked Sendable {
    nonisolated(unsafe) static var retained: [any DispatchSourceSignal] = []
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?

    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }

    func fire() {
        lock.lock()
        let waiter = continuation
        continuation = nil
        lock.unlock()
        waiter?.resume()
    }
}

import DialerCore
import DialerHTTP
import Foundation
import Logging
import Testing

@testable import DialerSim

/// A simulator on an OS-picked loopback port, a webhook recorder for its callbacks, and a
/// libcurl client for raw requests.
struct SimHarness: Sendable {
    let sim: SimServer
    let recorder: WebhookRecorder
    let http: CurlHTTPClient
    let clock: ManualSimClock?

    var accountSid: String { sim.configuration.twilioAccountSid }
    var callsPath: String { "/2010-04-01/Accounts/\(accountSid)/Calls.json" }

    /// POST or GET against the Twilio API with the account's Basic credentials.
    func twilio(_ method: String, _ path: String, form: [(String, String)] = [], token: String? = nil) async throws -> (Int, JSONValue?) {
        let request = HTTPRequest(
            method: method, url: sim.baseURL + path,
            headers: method == "POST" ? [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")] : [],
            body: method == "POST" ? Array(FormURLEncoding.encode(form).utf8) : nil,
            basicAuth: BasicCredentials(user: accountSid, password: token ?? sim.configuration.twilioAuthToken))
        let response = try await http.send(request)
        return (response.status, try? JSONDecoder().decode(JSONValue.self, from: Data(response.body)))
    }

    func json(_ method: String, _ path: String, headers: [HTTPHeader], body: JSONValue?) async throws -> (Int, JSONValue?) {
        let bytes = try body.map { Array(try JSONEncoder().encode($0)) }
        let request = HTTPRequest(
            method: method, url: sim.baseURL + path,
            headers: headers + [HTTPHeader("Content-Type", "application/json")], body: bytes)
        let response = try await http.send(request)
        return (response.status, try? JSONDecoder().decode(JSONValue.self, from: Data(response.body)))
    }

    func createCall(to: String, extra: [(String, String)] = []) async throws -> String {
        let (status, body) = try await twilio(
            "POST", callsPath, form: [("To", to), ("From", "+14155550199"), ("Url", "https://example.com/twiml")] + extra)
        guard status == 201, case .object(let fields)? = body, let sid = fields["sid"]?.stringValue else {
            throw SimTestFailure("create returned \(status): \(String(describing: body))")
        }
        return sid
    }
}

struct SimTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func withSim<T: Sendable>(
    manualClock: Bool = false, _ configure: (inout SimConfiguration) -> Void = { _ in },
    _ body: (SimHarness) async throws -> T
) async throws -> T {
    var logger = Logger(label: "sim-tests")
    logger.logLevel = .critical
    let recorder = WebhookRecorder(logger: logger)
    try await recorder.start()
    var configuration = SimConfiguration(seed: 7, callsPerSecond: nil)
    // A hand-driven clock plays calls at their real lengths; a real one, 1000 times faster.
    configuration.latency.timeScale = manualClock ? 1 : 0.001
    configuration.elevenLabsWebhookURL = recorder.baseURL + "/webhooks/elevenlabs"
    configure(&configuration)
    let http = try CurlHTTPClient()
    let clock = manualClock ? ManualSimClock() : nil
    // The simulator sends callbacks on its own client, apart from the test's requests.
    let sim = try SimServer(configuration: configuration, clock: clock ?? ContinuousSimClock(), logger: logger)
    try await sim.start()
    let harness = SimHarness(sim: sim, recorder: recorder, http: http, clock: clock)
    let result: Result<T, any Error>
    do { result = .success(try await body(harness)) } catch { result = .failure(error) }
    await sim.stop()
    await recorder.stop()
    await http.shutdown()
    return try result.get()
}

/// Waits for the recorder, failing the test instead of hanging if the callbacks never come.
func waitForCallbacks(_ recorder: WebhookRecorder, count: Int, within limit: Duration = .seconds(10)) async throws {
    try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
            await recorder.waitForCount(count)
            return true
        }
        group.addTask {
            try await Task.sleep(for: limit)
            return false
        }
        let arrived = try await group.next() ?? false
        group.cancelAll()
        if !arrived { throw SimTestFailure("only \(recorder.received.count) of \(count) callbacks within \(limit)") }
    }
}

extension JSONValue {
    subscript(_ key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }
}

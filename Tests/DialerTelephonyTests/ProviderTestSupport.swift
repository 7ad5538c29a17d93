import DialerCore
import DialerHTTP
import DialerSim
import DialerTelephony
import Foundation
import Logging
import Testing

/// Counts acquisitions and grants at once: proves that creation passes through the limiter.
actor ProviderCountingLimiter: CallRateLimiter {
    private(set) var acquired = 0
    func acquire() async throws { acquired += 1 }
}

/// A running simulator plus the real libcurl client our providers use against it.
struct ProviderHarness: Sendable {
    let sim: SimServer
    let http: CurlHTTPClient
    let limiter: ProviderCountingLimiter
    let clock: ManualSimClock?
    /// The simulator's wall time at its clock's zero: its calls' start times count from here, not
    /// from when a test's body runs, which a loaded machine may put seconds later.
    let wallEpoch: Date

    var configuration: SimConfiguration { sim.configuration }

    func twilio(
        requestTimeout: Duration = .seconds(30), pageSize: Int = 50, apiKey: Bool = false,
        authToken: String? = nil
    ) -> TwilioCallProvider {
        let credentials: TwilioConfiguration.Credentials =
            apiKey
            ? .apiKey(sid: configuration.twilioAPIKeySid ?? "", secret: configuration.twilioAPIKeySecret ?? "")
            : .authToken(authToken ?? configuration.twilioAuthToken)
        let twilioConfiguration = TwilioConfiguration(
            baseURL: sim.baseURL, accountSid: configuration.twilioAccountSid, credentials: credentials,
            record: true, requestTimeout: requestTimeout, listPageSize: pageSize)
        return TwilioCallProvider(configuration: twilioConfiguration, http: http, limiter: limiter)
    }

    func elevenLabs(apiKey: String? = nil, requestTimeout: Duration = .seconds(30), withTwilio: Bool = false) -> ElevenLabsCallProvider {
        let configuration = ElevenLabsConfiguration(
            baseURL: sim.baseURL, apiKey: apiKey ?? self.configuration.elevenLabsAPIKey,
            defaultAgentId: "agent_sim", defaultAgentPhoneNumberId: "phnum_sim",
            requestTimeout: requestTimeout)
        return ElevenLabsCallProvider(
            configuration: configuration, http: http, limiter: limiter,
            twilio: withTwilio ? twilio() : nil)
    }

    func bland(apiKey: String? = nil, requestTimeout: Duration = .seconds(30)) -> BlandCallProvider {
        let configuration = BlandConfiguration(
            baseURL: sim.baseURL, apiKey: apiKey ?? self.configuration.blandAPIKey,
            defaultTask: "Confirm the appointment.", requestTimeout: requestTimeout)
        return BlandCallProvider(configuration: configuration, http: http, limiter: limiter)
    }
}

/// Starts dialer-sim in-process on an OS-picked loopback port, runs `body`, and stops it.
/// With `manualClock`, calls stay where they are until the test advances time.
func withProviderSim<T: Sendable>(
    manualClock: Bool = false, _ configure: (inout SimConfiguration) -> Void = { _ in },
    _ body: (ProviderHarness) async throws -> T
) async throws -> T {
    var configuration = SimConfiguration(seed: 42, callsPerSecond: nil)
    // A hand-driven clock plays calls at their real lengths; a real one, 1000 times faster.
    configuration.latency.timeScale = manualClock ? 1 : 0.001
    configure(&configuration)
    let http = try CurlHTTPClient()
    let clock = manualClock ? ManualSimClock() : nil
    var logger = Logger(label: "provider-tests")
    logger.logLevel = .critical
    // The simulator sends callbacks on its own client, so they never queue behind the requests under test.
    let wallEpoch = Date()
    let sim = try SimServer(configuration: configuration, clock: clock ?? ContinuousSimClock(), wallEpoch: wallEpoch, logger: logger)
    try await sim.start()
    let harness = ProviderHarness(sim: sim, http: http, limiter: ProviderCountingLimiter(), clock: clock, wallEpoch: wallEpoch)
    do {
        let result = try await body(harness)
        await sim.stop()
        await http.shutdown()
        return result
    } catch {
        await sim.stop()
        await http.shutdown()
        throw error
    }
}

/// Callbacks from the simulator go to a loopback port nobody listens on: provider tests do
/// not read them, and nothing leaves the machine.
let providerCallbackBase = "http://127.0.0.1:9"

func providerRequest(
    attempt: String = "att-1", to: String = "+14155550100", from: String? = "+14155550199",
    callbackBase: String = providerCallbackBase
) -> PlaceCallRequest {
    PlaceCallRequest(
        attemptId: attempt, campaignId: "65a000000000000000000001", contactId: "65b000000000000000000002",
        to: to, from: from, contactName: "Ada Lovelace",
        customFields: ["plan": .string("gold"), "visits": .int(3), "tags": .array([.string("vip")])],
        firstMessage: "Hello Ada", callbackBaseURL: callbackBase)
}

/// Runs `operation`, expecting a `ProviderError`, and returns it.
func expectProviderError<T>(
    _ operation: () async throws -> T,
    sourceLocation: SourceLocation = #_sourceLocation
) async -> ProviderError? {
    do {
        _ = try await operation()
        Issue.record("expected a ProviderError", sourceLocation: sourceLocation)
        return nil
    } catch let error as ProviderError {
        return error
    } catch {
        Issue.record("expected a ProviderError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

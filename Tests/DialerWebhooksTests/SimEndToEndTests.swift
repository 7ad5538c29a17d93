import DialerCore
import DialerHTTP
import DialerSim
import DialerStore
import DialerTelephony
import DialerTestSupport
import DialerWebhooks
import Foundation
import Logging
import Testing

/// Our providers place calls at dialer-sim, which plays them out and sends its signed
/// callbacks to our webhook server: the same path as production, on loopback.
@Suite("Callbacks from dialer-sim") struct SimEndToEndTests {
    static let callCount = 24

    @Test(arguments: [ProviderKind.twilio, .elevenLabs, .bland])
    func everyPlacedCallEndsThroughSignedCallbacks(provider: ProviderKind) async throws {
        let port = try freeLoopbackPort()
        let base = "http://127.0.0.1:\(port)"
        var simConfiguration = SimConfiguration(seed: 11, callsPerSecond: nil)
        simConfiguration.latency.timeScale = 0.001
        simConfiguration.elevenLabsWebhookURL = base + CallbackURLs.elevenLabsPath
        simConfiguration.elevenLabsWebhookSecret = "sim-elevenlabs-webhook-secret"
        simConfiguration.blandWebhookSecret = "sim-bland-webhook-secret"
        let quiet = Logger(label: "sim", factory: { _ in SwiftLogNoOpLogHandler() })
        let sim = try SimServer(configuration: simConfiguration, logger: quiet)
        try await sim.start()
        let http = try CurlHTTPClient()
        let outcome: Result<Void, any Error>
        do {
            // The sim signs the URLs it was given, so our public base is the loopback address.
            try await WebhookHarness.with(
                clockStart: Date(),
                configure: {
                    $0.port = port
                    $0.publicBaseURL = base
                    $0.twilioAuthToken = simConfiguration.twilioAuthToken
                    $0.elevenLabsWebhookSecret = simConfiguration.elevenLabsWebhookSecret
                    $0.blandWebhookSecret = simConfiguration.blandWebhookSecret
                }
            ) { (h: WebhookHarness) async throws in
                let callProvider = Self.provider(provider, sim: sim, http: http)
                for n in 0..<Self.callCount {
                    let attemptId = "att-\(provider.rawValue)-\(n)"
                    try await h.insertCall(attemptId: attemptId, provider: provider, status: .queued)
                    let placed = try await callProvider.placeCall(
                        PlaceCallRequest(
                            attemptId: attemptId, campaignId: "65a000000000000000000001", contactId: "65b000000000000000000002",
                            to: String(format: "+1415555%04d", n), from: "+14155550199", contactName: "Contact \(n)",
                            callbackBaseURL: base))
                    // The engine stores the provider's ids after the create request; every other
                    // call is left without them, so its callbacks must correlate by attempt id.
                    // ElevenLabs' call_initiation_failure carries no dynamic variables, so its
                    // calls always get their ids, as they do in production before the call rings.
                    if n % 2 == 0 || provider == .elevenLabs {
                        _ = try await h.store.advanceCall(
                            .attemptId(attemptId), to: nil,
                            fields: CallFields(
                                callSid: placed.ids.callSid, conversationId: placed.ids.conversationId,
                                providerCallId: placed.ids.providerCallId), now: Date())
                    }
                }
                let ended = await h.listener.waitFor(Self.callCount, timeout: .seconds(60))
                #expect(ended.count == Self.callCount)
                #expect(Set(ended.map(\.attemptId)).count == Self.callCount, "each call's end is announced once")

                let deliveries = await sim.deliveries()
                #expect(!deliveries.isEmpty)
                let refused = deliveries.filter { $0.status != 200 }
                #expect(
                    refused.isEmpty,
                    "every signed callback was accepted; not: \(refused.map { "\($0.kind) \($0.status.map(String.init) ?? $0.error ?? "-")" })")

                let simCalls = await sim.calls()
                #expect(simCalls.count == Self.callCount)
                for simCall in simCalls {
                    let key: CallKey =
                        switch provider {
                        case .elevenLabs: .conversationId(simCall.conversationId ?? "")
                        case .bland: .providerCallId(simCall.blandCallId ?? "")
                        default: .callSid(simCall.sid)
                        }
                    let sent = deliveries.filter { $0.callSid == simCall.sid }.map(\.kind)
                    let stored = try #require(
                        try await h.store.call(key),
                        "no call for \(key): simulator says \(simCall.status), callbacks \(sent)")
                    #expect(stored.status == simCall.status, "\(simCall.sid) ended \(simCall.status) at the simulator")
                    if simCall.status == .completed, provider != .elevenLabs {
                        #expect(stored.duration == simCall.durationSeconds)
                    }
                }
            }
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        await sim.stop()
        await http.shutdown()
        try outcome.get()
    }

    static func provider(_ kind: ProviderKind, sim: SimServer, http: CurlHTTPClient) -> any CallProvider {
        let configuration = sim.configuration
        switch kind {
        case .elevenLabs:
            return ElevenLabsCallProvider(
                configuration: ElevenLabsConfiguration(
                    baseURL: sim.baseURL, apiKey: configuration.elevenLabsAPIKey,
                    defaultAgentId: "agent_sim", defaultAgentPhoneNumberId: "phnum_sim"),
                http: http, limiter: Unlimited())
        case .bland:
            return BlandCallProvider(
                configuration: BlandConfiguration(
                    baseURL: sim.baseURL, apiKey: configuration.blandAPIKey,
                    defaultTask: "Confirm the appointment.", record: true),
                http: http, limiter: Unlimited())
        default:
            return TwilioCallProvider(
                configuration: TwilioConfiguration(
                    baseURL: sim.baseURL, accountSid: configuration.twilioAccountSid,
                    credentials: .authToken(configuration.twilioAuthToken), record: true),
                http: http, limiter: Unlimited())
        }
    }
}

struct Unlimited: CallRateLimiter {
    func acquire() async throws {}
}

import DialerCore
import DialerEngine
import DialerStore
import DialerTelephony
import Foundation
import Testing

/// A carrier whose status callback lands as soon as a call is hung up: the call ends in the
/// store while the stop is still paging through the live calls.
private actor PromptlyEndingProvider: CallProvider {
    nonisolated let kind: ProviderKind = .twilio
    let store: InMemoryStore
    let now: Date
    private(set) var ended: [String] = []

    init(store: InMemoryStore, now: Date) {
        self.store = store
        self.now = now
    }

    func placeCall(_ request: PlaceCallRequest) async throws(ProviderError) -> PlacedCall {
        throw .permanent(code: "unused", message: "this provider only hangs up")
    }

    func endCall(_ ids: ProviderCallIds, mode: EndCallMode) async throws(ProviderError) {
        guard let sid = ids.callSid else { throw .permanent(code: "missing-call-sid", message: "no sid") }
        ended.append(sid)
        _ = try? await store.advanceCall(.callSid(sid), to: .completed, fields: CallFields(endTime: now), now: now)
    }

    func fetchCall(_ ids: ProviderCallIds) async throws(ProviderError) -> ProviderCallSnapshot? { nil }
    func findCalls(_ search: CallSearch) async throws(ProviderError) -> [ProviderCallSnapshot] { [] }
}

@Suite("Operator stop: --hang-up ends every live call")
struct StopHangUpTests {
    @Test func stopHangsUpEveryLiveCallBeyondOnePageWhileTheyEndUnderIt() async throws {
        let h = try await EngineHarness(contacts: 0)
        let now = h.clock.now.date
        let liveCount = 1205
        // All created at one instant, as a burst is: the cursor must break ties by id.
        for index in 0..<liveCount {
            var call = Call(
                attemptId: "att-\(index)", provider: .twilio, attempt: 1, status: .inProgress, from: "+14155550000",
                to: String(format: "+1212555%04d", index), campaignId: h.campaignId, now: now)
            call.callSid = String(format: "CA%032d", index)
            _ = try await h.store.insertCall(call)
        }
        let provider = PromptlyEndingProvider(store: h.store, now: now)
        let operations = CampaignOperations(store: h.store, providers: ProviderRegistry([provider]), clock: h.clock)
        let (stopped, hungUp) = try await operations.stop(h.campaignId, hangUp: true)
        #expect(stopped.status == .cancelled)
        #expect(hungUp == liveCount)
        let ended = await provider.ended
        #expect(ended.count == liveCount && Set(ended).count == liveCount, "each live call is hung up once: \(ended.count) requests")
        #expect(try await h.store.countInFlightCalls(campaignId: h.campaignId) == 0)
    }
}

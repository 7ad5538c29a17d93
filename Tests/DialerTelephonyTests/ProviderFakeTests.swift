import DialerCore
import DialerTelephony
import Foundation
import Testing

@Suite struct ProviderFakeTests {
    @Test func scriptedOutcomesApplyInOrderThenTheDefault() async throws {
        let fake = FakeCallProvider(kind: .twilio)
        await fake.enqueue(.fail(.permanent(code: "21211", message: "bad")), .placed(.ringing))
        await #expect(throws: ProviderError.permanent(code: "21211", message: "bad")) {
            try await fake.placeCall(providerRequest(attempt: "1"))
        }
        #expect(try await fake.placeCall(providerRequest(attempt: "2")).status == .ringing)
        #expect(try await fake.placeCall(providerRequest(attempt: "3")).status == .queued)
        #expect(await fake.placeRequests.map(\.attemptId) == ["1", "2", "3"])
        #expect(await fake.calls.count == 2)
    }

    @Test func aLostAnswerLeavesACallThatReconciliationFinds() async throws {
        let start = Date(timeIntervalSince1970: 1_000)
        let fake = FakeCallProvider(kind: .elevenLabs, now: { start.addingTimeInterval(5) })
        await fake.enqueue(.placedButAnswerLost(.initiated))
        await #expect(throws: ProviderError.self) { try await fake.placeCall(providerRequest(attempt: "lost")) }
        let found = try await fake.findCalls(CallSearch(to: "+14155550100", startedAfter: start))
        #expect(found.map(\.attemptId) == ["lost"])
        #expect(found.first?.ids.conversationId != nil)
        #expect(try await fake.findCalls(CallSearch(to: "+14155550100", startedAfter: start.addingTimeInterval(10))).isEmpty)
    }

    @Test func endAndStatusChangesFollowTheProviderRules() async throws {
        let fake = FakeCallProvider(kind: .bland)
        let placed = try await fake.placeCall(providerRequest(attempt: "a"))
        #expect(await fake.setStatus(.inProgress, attemptId: "a"))
        try await fake.endCall(placed.ids, mode: .cancel)
        #expect(try await fake.fetchCall(placed.ids)?.status == .inProgress)
        try await fake.endCall(placed.ids, mode: .hangUp)
        #expect(try await fake.fetchCall(placed.ids)?.status == .completed)
        #expect(await fake.endRequests.count == 2)
        await fake.failFetches(with: .retryable(code: "x", message: "down", retryAfter: nil))
        await #expect(throws: ProviderError.self) { try await fake.fetchCall(placed.ids) }
    }
}

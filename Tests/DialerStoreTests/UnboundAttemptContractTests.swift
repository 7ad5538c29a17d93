import DialerCore
import DialerStore
import DialerTestSupport
import Foundation
import Testing

@Suite("Store contract: an attempt is bound to one provider id at most") struct UnboundAttemptContractTests {
    let t0 = Fixtures.t0

    @Test(arguments: StoreKind.allCases) func theFirstUpdateBindsAndASecondIdNoLongerFindsTheCall(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.insertCall(Fixtures.call(attempt: "att-1"))
        let key = CallKey.unboundAttempt("att-1", unset: .conversationId)
        #expect(try await store.call(key)?.attemptId == "att-1")
        guard
            case .advanced(let bound) = try await store.advanceCall(
                key, to: .inProgress, fields: CallFields(conversationId: "conv_a"),
                now: t0)
        else {
            Issue.record("the unbound attempt was not found")
            return
        }
        #expect(bound.conversationId == "conv_a")
        #expect(try await store.call(key) == nil)
        #expect(try await store.advanceCall(key, to: .completed, fields: CallFields(conversationId: "conv_b"), now: t0) == .notFound)
        let call = try #require(try await store.call(.attemptId("att-1")))
        #expect(call.conversationId == "conv_a")
        #expect(call.status == .inProgress)
    }

    @Test(arguments: StoreKind.allCases) func aStaleStatusStillFindsTheUnboundCallSoItsIdsCanBeFilled(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.insertCall(Fixtures.call(attempt: "att-2"))
        _ = try await store.advanceCall(.attemptId("att-2"), to: .completed, fields: CallFields(), now: t0)
        let key = CallKey.unboundAttempt("att-2", unset: .providerCallId)
        guard case .stale(let call) = try await store.advanceCall(key, to: .ringing, fields: CallFields(providerCallId: "b-2"), now: t0) else {
            Issue.record("a late status on an unbound call was not reported stale")
            return
        }
        #expect(call.providerCallId == nil)
        #expect(
            try await store.call(.unboundAttempt("att-2", unset: .conversationId))?.attemptId == "att-2",
            "only the named kind of id matters")
    }
}

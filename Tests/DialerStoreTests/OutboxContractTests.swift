import DialerCore
import DialerStore
import DialerTestSupport
import Foundation
import Testing

@Suite("Store contract: the event webhook queue") struct OutboxContractTests {
    let t0 = Fixtures.t0

    func delivery(_ key: String, at: Date? = nil, body: String = "{}") -> WebhookDelivery {
        WebhookDelivery(
            key: key, event: "call.ended", url: "https://hooks.example.com/x", body: body, campaignId: ObjectId(), now: at ?? t0,
            giveUpAfter: .seconds(86_400))
    }

    func later(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    @Test(arguments: StoreKind.allCases) func anEventIsQueuedOnceByItsKey(kind: StoreKind) async throws {
        let store = try await kind.make()
        #expect(try await store.enqueueDelivery(delivery("call.ended:a", body: #"{"v":1}"#)))
        #expect(!(try await store.enqueueDelivery(delivery("call.ended:a", at: later(5), body: #"{"v":2}"#))))
        let stored = try #require(try await store.delivery(key: "call.ended:a"))
        #expect(stored.body == #"{"v":1}"# && stored.createdAt == t0 && stored.state == .pending && stored.attempts == 0)
        #expect(stored.giveUpAt == later(86_400))
    }

    @Test(arguments: StoreKind.allCases) func claimsTakeTheDueFirstAndHoldThemForTheLease(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.enqueueDelivery(delivery("second", at: later(1)))
        _ = try await store.enqueueDelivery(delivery("first", at: t0))
        _ = try await store.enqueueDelivery(delivery("future", at: later(100)))
        let a = try #require(try await store.claimDelivery(now: later(10), owner: "a", leaseUntil: later(70)))
        #expect(a.id == "first" && a.attempts == 1 && a.claimedBy == "a" && a.claim != nil && a.nextAttemptAt == later(70))
        let b = try #require(try await store.claimDelivery(now: later(10), owner: "b", leaseUntil: later(70)))
        #expect(b.id == "second")
        #expect(try await store.claimDelivery(now: later(10), owner: "c", leaseUntil: later(70)) == nil, "held or not yet due")
        #expect(try await store.nextDeliveryDue() == later(70))
        let retaken = try #require(try await store.claimDelivery(now: later(70), owner: "c", leaseUntil: later(130)))
        #expect(retaken.id == "first" && retaken.attempts == 2 && retaken.claim != a.claim, "an expired claim is taken over")
        #expect(!(try await store.settleDelivery(key: "first", claim: a.claim!, .delivered(status: 200), now: later(71))), "a lost claim")
        #expect(try await store.settleDelivery(key: "first", claim: retaken.claim!, .delivered(status: 204), now: later(72)))
        let done = try #require(try await store.delivery(key: "first"))
        #expect(done.state == .delivered && done.lastStatus == 204 && done.deliveredAt == later(72) && done.claim == nil)
        #expect(!(try await store.settleDelivery(key: "first", claim: retaken.claim!, .gaveUp(status: 500, error: "x"), now: later(73))))
    }

    @Test(arguments: StoreKind.allCases) func retriesComeBackAtTheirTimeAndGivingUpIsFinal(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.enqueueDelivery(delivery("k"))
        let first = try #require(try await store.claimDelivery(now: t0, owner: "a", leaseUntil: later(60)))
        #expect(try await store.settleDelivery(key: "k", claim: first.claim!, .retry(at: later(10), status: 500, error: "answered 500"), now: t0))
        var stored = try #require(try await store.delivery(key: "k"))
        #expect(stored.state == .pending && stored.nextAttemptAt == later(10) && stored.lastStatus == 500 && stored.lastError == "answered 500")
        #expect(try await store.claimDelivery(now: later(9), owner: "a", leaseUntil: later(69)) == nil)
        let second = try #require(try await store.claimDelivery(now: later(10), owner: "a", leaseUntil: later(70)))
        #expect(try await store.settleDelivery(key: "k", claim: second.claim!, .gaveUp(status: nil, error: "timed out"), now: later(11)))
        stored = try #require(try await store.delivery(key: "k"))
        #expect(stored.state == .failed && stored.lastStatus == nil && stored.lastError == "timed out" && stored.attempts == 2)
        #expect(try await store.claimDelivery(now: later(1_000_000), owner: "a", leaseUntil: later(1_000_060)) == nil)
        #expect(try await store.nextDeliveryDue() == nil)
    }

    @Test(arguments: StoreKind.allCases) func onlyAnUnattemptedDeliveryIsWithdrawn(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.enqueueDelivery(delivery("fresh"))
        _ = try await store.enqueueDelivery(delivery("tried", at: later(1)))
        try await store.withdrawDelivery(key: "fresh")
        #expect(try await store.delivery(key: "fresh") == nil)
        let claimed = try #require(try await store.claimDelivery(now: later(1), owner: "a", leaseUntil: later(61)))
        #expect(claimed.id == "tried")
        try await store.withdrawDelivery(key: "tried")
        #expect(try await store.delivery(key: "tried") != nil, "an event that may have reached the receiver stays")
        try await store.withdrawDelivery(key: "never-queued")
    }
}

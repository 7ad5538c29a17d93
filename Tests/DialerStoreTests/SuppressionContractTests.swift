import DialerCore
import DialerStore
import DialerTestSupport
import Foundation
import Testing

@Suite("Store contract: suppression list") struct SuppressionContractTests {
    let t0 = Fixtures.t0

    func entry(_ number: String, reason: String = "asked", source: SuppressionSource = .operatorAction, at: Date? = nil) -> Suppression {
        Suppression(phoneNumber: number, reason: reason, source: source, addedBy: "test", now: at ?? t0)
    }

    @Test(arguments: StoreKind.allCases) func aNumberIsSuppressedOnceAndKeepsItsFirstEntry(kind: StoreKind) async throws {
        let store = try await kind.make()
        #expect(try await store.suppress([entry("+14155550001", reason: "first"), entry("+14155550002")]) == ["+14155550001", "+14155550002"])
        #expect(try await store.suppress([entry("+14155550001", reason: "second"), entry("+14155550003")]) == ["+14155550003"])
        let first = try #require(try await store.activeSuppression(phoneNumber: "+14155550001"))
        #expect(first.reason == "first")
        #expect(first.status == .active)
        #expect(first.source == .operatorAction)
        #expect(first.createdAt == t0)
        #expect(try await store.activeSuppression(phoneNumber: "+14155550009") == nil)
        let listed = try await store.listSuppressions(SuppressionFilter(statuses: nil), page: PageRequest(offset: 0, limit: 100))
        #expect(listed.total == 3)
    }

    @Test(arguments: StoreKind.allCases) func suppressedNumbersAnswersForAPageOfMembers(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.suppress([entry("+14155550001"), entry("+14155550002")])
        _ = try await store.liftSuppression(phoneNumber: "+14155550002", by: "ops", reason: "consented again", now: t0)
        #expect(try await store.suppressedNumbers(among: ["+14155550001", "+14155550002", "+14155550003"]) == ["+14155550001"])
        #expect(try await store.suppressedNumbers(among: []) == [])
    }

    @Test(arguments: StoreKind.allCases) func removalIsRecordedAndTheNumberCanBeSuppressedAgain(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.suppress([entry("+14155550001", reason: "opted out")])
        let later = t0.addingTimeInterval(3600)
        let removed = try #require(
            try await store.liftSuppression(
                phoneNumber: "+14155550001", by: "control uid 1000",
                reason: "written consent", now: later))
        #expect(removed.status == .removed)
        #expect(removed.removedAt == later)
        #expect(removed.removedBy == "control uid 1000")
        #expect(removed.removalReason == "written consent")
        #expect(removed.reason == "opted out")
        #expect(try await store.activeSuppression(phoneNumber: "+14155550001") == nil)
        #expect(try await store.liftSuppression(phoneNumber: "+14155550001", by: "x", reason: "again", now: later) == nil)

        // Suppressed again: a new active entry; the removed one stays as history.
        #expect(try await store.suppress([entry("+14155550001", reason: "asked again", at: later.addingTimeInterval(60))]) == ["+14155550001"])
        let history = try await store.listSuppressions(SuppressionFilter(statuses: nil, phoneNumber: "+14155550001"), page: PageRequest())
        #expect(history.items.map(\.status) == [.active, .removed])
        #expect(history.items.map(\.reason) == ["asked again", "opted out"])
        let active = try await store.listSuppressions(SuppressionFilter(), page: PageRequest())
        #expect(active.items.map(\.reason) == ["asked again"])
    }

    @Test(arguments: StoreKind.allCases) func theListIsNewestFirstAndPaged(kind: StoreKind) async throws {
        let store = try await kind.make()
        let entries = (1...5).map { entry(String(format: "+1415555%04d", $0), at: t0.addingTimeInterval(Double($0))) }
        _ = try await store.suppress(entries)
        let page = try await store.listSuppressions(SuppressionFilter(), page: PageRequest(offset: 1, limit: 2))
        #expect(page.items.map(\.phoneNumber) == ["+14155550004", "+14155550003"])
        #expect(page.total == 5)
    }

    @Test(arguments: StoreKind.allCases) func opt_outEntriesKeepWhereTheyCameFrom(kind: StoreKind) async throws {
        let store = try await kind.make()
        var call = Fixtures.call(campaign: ObjectId())
        call.id = ObjectId()
        _ = try await store.suppress([Suppression.optOut(call, field: "do_not_call", now: t0)])
        let stored = try #require(try await store.activeSuppression(phoneNumber: call.to))
        #expect(stored.source == .optOut)
        #expect(stored.campaignId == call.campaignId)
        #expect(stored.contactId == call.contactId)
        #expect(stored.callId == call.id)
    }
}

import DialerCore
import DialerEngine
import DialerStore
import DialerTelephony
import DialerTestSupport
import Foundation
import Testing

/// The suppression list against the real runner, on both stores: the claim re-reads the list, so
/// a number suppressed anywhere (another campaign's opt-out, an operator) is not dialed again.
@Suite("Engine: the suppression list at claim time") struct SuppressionAtClaimTests {
    static let t0 = EngineHarness.t0
    static func number(_ n: Int) -> String { String(format: "+1212555%04d", n) }

    /// One engine instance dialing campaigns on `store` through a fake provider, at a manual clock's time.
    struct Engine {
        let store: any CampaignStore
        let provider: FakeCallProvider
        let clock = ManualWallClock(start: SuppressionAtClaimTests.t0)
        let deps: EngineDependencies
        let handler: CallEndHandler

        init(_ store: any CampaignStore) {
            self.store = store
            let clock = self.clock
            provider = FakeCallProvider(kind: .twilio, defaultOutcome: .placed(.queued), now: { clock.now.date })
            deps = EngineDependencies(
                store: store, providers: ProviderRegistry([provider]), limiter: PassThroughRateLimiter(), clock: clock,
                config: EngineConfiguration(instanceId: "engine-a", callbackBaseURL: "https://dialer.example.com"))
            handler = CallEndHandler(deps: deps)
        }

        /// An active campaign of contacts with these numbers, leased to this engine and enrolled.
        func campaign(_ name: String, numbers: [Int]) async throws -> (ObjectId, CampaignRunner) {
            var campaign = Campaign(
                name: name, status: .active, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 10, retryCount: 0),
                now: clock.now.date)
            campaign.callerId = "+14155550000"
            let id = try await store.insertCampaign(campaign)
            let contacts = numbers.enumerated().map { index, n in
                Contact(
                    phoneNumber: SuppressionAtClaimTests.number(n), name: "Contact \(n)", campaignIds: [id],
                    now: clock.now.date.addingTimeInterval(Double(index)))
            }
            _ = try await store.insertContacts(contacts)
            _ = try await store.acquireCampaignLease(id: id, owner: "engine-a", now: clock.now.date, until: clock.now.date.addingTimeInterval(3600))
            let runner = CampaignRunner(campaign: try #require(try await store.campaign(id: id)), deps: deps, endHandler: handler)
            try await runner.prepare(now: clock.now.date)
            return (id, runner)
        }

        /// Steps until the campaign has nothing left to claim; every placed call ends `completed` at once.
        func runToEnd(_ runner: CampaignRunner) async throws {
            for _ in 0..<50 {
                switch try await runner.step(now: clock.now.date) {
                case .placed(let attemptId):
                    let result = try await store.advanceCall(
                        .attemptId(attemptId), to: .completed,
                        fields: CallFields(endTime: clock.now.date, duration: 30), now: clock.now.date)
                    if case .advanced(let call) = result { await handler.callEnded(call) }
                case .wait(let until), .waitForCalls(let until):
                    clock.advance(to: max(until, clock.now.date.addingTimeInterval(0.001)))
                case .finished:
                    return
                }
            }
            Issue.record("the campaign did not finish in 50 steps")
        }

        func dialed(_ campaignId: ObjectId) async -> [String] {
            await provider.placeRequests.filter { $0.campaignId == campaignId.hex }.map(\.to)
        }

        func progress(_ campaignId: ObjectId, number n: Int) async throws -> DialProgress {
            let contacts = try await store.listContacts(
                ContactFilter(campaignId: campaignId), campaign: nil,
                page: PageRequest(offset: 0, limit: 100))
            let contact = try #require(contacts.items.first { $0.phoneNumber == SuppressionAtClaimTests.number(n) })
            return try #require(try await store.dialProgress(campaignId: campaignId, contactId: contact.id!))
        }
    }

    @Test(arguments: StoreKind.allCases) func aNumberSuppressedByCampaignAIsNeverDialedByCampaignB(kind: StoreKind) async throws {
        let engine = Engine(try await kind.make())
        let (a, runnerA) = try await engine.campaign("A", numbers: [1, 2])
        // B is enrolled before A's opt-out exists, so only the claim-time check can stop it; C starts afterwards.
        let (b, runnerB) = try await engine.campaign("B", numbers: [1, 2, 3])
        try await engine.runToEnd(runnerA)
        let callToOne = try #require(
            try await engine.store.listCalls(CallFilter(campaignId: a), sort: .oldestFirst, page: PageRequest()).items
                .first { $0.to == Self.number(1) })
        // What the webhook does with an opt-out the call carried.
        _ = try await engine.store.suppress([Suppression.optOut(callToOne, field: "do_not_call", now: engine.clock.now.date)])

        try await engine.runToEnd(runnerB)
        #expect(await engine.dialed(a) == [Self.number(1), Self.number(2)])
        #expect(await engine.dialed(b) == [Self.number(2), Self.number(3)])
        let skipped = try await engine.progress(b, number: 1)
        #expect(skipped.state == .skipped)
        #expect(skipped.skipReason == "suppressed")
        #expect(skipped.attempts == 0)
        let contactInB = try #require(try await engine.store.contact(id: skipped.contactId))
        #expect(contactInB.callCount == 0, "the skipped claim's call bookkeeping is undone")
        #expect(contactInB.callIds.isEmpty)
        #expect(try await engine.store.campaign(id: b)?.stats.callsPlaced == 2)

        let (c, runnerC) = try await engine.campaign("C", numbers: [1, 4])
        let enrolled = try await engine.progress(c, number: 1)
        #expect(enrolled.state == .skipped, "a campaign started afterwards enrolls the number as skipped")
        #expect(enrolled.skipReason == "suppressed")
        try await engine.runToEnd(runnerC)
        #expect(await engine.dialed(c) == [Self.number(4)])
    }

    @Test(arguments: StoreKind.allCases) func aSuppressionAddedWhileACampaignRunsTakesEffectAtTheNextClaim(kind: StoreKind) async throws {
        let engine = Engine(try await kind.make())
        let (id, runner) = try await engine.campaign("Renewals", numbers: [1, 2, 3])
        guard case .placed = try await runner.step(now: engine.clock.now.date) else {
            Issue.record("first call not placed")
            return
        }

        let operations = SuppressionOperations(store: engine.store, clock: engine.clock)
        let report = try await operations.add(["(212) 555-0002"], reason: "asked by letter", by: "test")
        #expect(report.added == [Self.number(2)])

        let next = try await runner.step(now: engine.clock.now.date)
        #expect(next == .wait(until: engine.clock.now.date), "the next claim took the suppressed contact and skipped it")
        #expect(await engine.dialed(id) == [Self.number(1)])
        #expect(try await engine.progress(id, number: 2).skipReason == "suppressed")
        guard case .placed = try await runner.step(now: engine.clock.now.date) else {
            Issue.record("third call not placed")
            return
        }
        #expect(await engine.dialed(id) == [Self.number(1), Self.number(3)])
    }

    @Test(arguments: StoreKind.allCases) func aRemovedNumberIsDialedAgainAndTheRemovalIsRecorded(kind: StoreKind) async throws {
        let engine = Engine(try await kind.make())
        let operations = SuppressionOperations(store: engine.store, clock: engine.clock)
        _ = try await operations.add([Self.number(1)], reason: nil, by: "test")
        await #expect(throws: SuppressionError.missingReason) { try await operations.remove(Self.number(1), reason: " ", by: "ops") }
        let removed = try await operations.remove(Self.number(1), reason: "consent on file", by: "control uid 1000")
        #expect(removed.removedBy == "control uid 1000")
        #expect(removed.removalReason == "consent on file")
        await #expect(throws: SuppressionError.notSuppressed(Self.number(1))) {
            try await operations.remove(Self.number(1), reason: "again", by: "ops")
        }
        let (id, runner) = try await engine.campaign("Renewals", numbers: [1])
        try await engine.runToEnd(runner)
        #expect(await engine.dialed(id) == [Self.number(1)])
        let history = try await operations.list(number: Self.number(1), includeRemoved: true, limit: 10)
        #expect(history.suppressions.map(\.status) == [.removed])
    }
}

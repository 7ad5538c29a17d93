import DialerCore
import DialerStore
import DialerTestSupport
import Foundation
import Testing

@Suite("Store contract: campaigns") struct CampaignContractTests {
    let t0 = Fixtures.t0

    @Test(arguments: StoreKind.allCases) func campaignRoundTripsWithSeedDefaults(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await store.insertCampaign(Fixtures.campaign())
        let loaded = try #require(try await store.campaign(id: id))
        #expect(loaded.name == "Spring renewals")
        #expect(loaded.settings == CampaignSettings())
        #expect(loaded.createdAt == t0)
        #expect(try await store.campaign(id: ObjectId()) == nil)
    }

    @Test(arguments: StoreKind.allCases) func listFiltersByStatusAndPaginatesWithTotal(kind: StoreKind) async throws {
        let store = try await kind.make()
        for i in 0..<5 { _ = try await store.insertCampaign(Fixtures.campaign("c\(i)", status: i < 3 ? .active : .paused)) }
        let active = try await store.listCampaigns(statuses: [.active], page: PageRequest(offset: 0, limit: 2))
        #expect(active.total == 3)
        #expect(active.items.count == 2)
        #expect(active.hasMore)
        let rest = try await store.listCampaigns(statuses: [.active], page: PageRequest(offset: 2, limit: 2))
        #expect(rest.items.count == 1)
        #expect(try await store.listCampaigns(statuses: nil, page: PageRequest()).total == 5)
    }

    @Test(arguments: StoreKind.allCases) func dueCampaignsAreActiveWithPastOrMissingNextExecution(kind: StoreKind) async throws {
        let store = try await kind.make()
        let missing = try await store.insertCampaign(Fixtures.campaign("missing"))
        var past = Fixtures.campaign("past")
        past.nextExecution = t0.addingTimeInterval(-60)
        let pastId = try await store.insertCampaign(past)
        var future = Fixtures.campaign("future")
        future.nextExecution = t0.addingTimeInterval(60)
        _ = try await store.insertCampaign(future)
        _ = try await store.insertCampaign(Fixtures.campaign("paused", status: .paused))
        let due = try await store.dueCampaigns(now: t0, leasableBy: "a", excluding: [], limit: 10).compactMap(\.id)
        #expect(Set(due) == [missing, pastId])
    }

    @Test(arguments: StoreKind.allCases) func dueCampaignsLeaveOutLiveForeignLeasesAndTheCallersOwnRuns(kind: StoreKind) async throws {
        let store = try await kind.make()
        var ids: [String: ObjectId] = [:]
        for name in ["free", "mine", "running", "theirs", "expired"] { ids[name] = try await store.insertCampaign(Fixtures.campaign(name)) }
        let until = t0.addingTimeInterval(30)
        _ = try await store.acquireCampaignLease(id: ids["mine"]!, owner: "a", now: t0, until: until)
        _ = try await store.acquireCampaignLease(id: ids["running"]!, owner: "a", now: t0, until: until)
        _ = try await store.acquireCampaignLease(id: ids["theirs"]!, owner: "b", now: t0, until: until)
        _ = try await store.acquireCampaignLease(id: ids["expired"]!, owner: "b", now: t0.addingTimeInterval(-60), until: t0.addingTimeInterval(-30))
        let due = try await store.dueCampaigns(now: t0, leasableBy: "a", excluding: [ids["running"]!], limit: 10).compactMap(\.id)
        let expected: Set<ObjectId> = [ids["free"]!, ids["mine"]!, ids["expired"]!]
        #expect(Set(due) == expected)
    }

    /// The poll returns only campaigns fit to run and pauses the others with the broken rule in
    /// `lastError`; an operator's transition (resume, once fixed) clears it.
    @Test(arguments: StoreKind.allCases) func dueCampaignsSetAsideAnInvalidCampaignAndReturnTheRest(kind: StoreKind) async throws {
        let store = try await kind.make()
        let good = try await store.insertCampaign(Fixtures.campaign("good"))
        var noLines = Fixtures.campaign("no lines")
        noLines.settings.maxConcurrentCalls = 0
        let noLinesId = try await store.insertCampaign(noLines)
        var huge = Fixtures.campaign("huge backoff")
        huge.settings.retryBackoff = 1e15
        let hugeId = try await store.insertCampaign(huge)
        let due = try await store.dueCampaigns(now: t0, leasableBy: "a", excluding: [], limit: 10).compactMap(\.id)
        #expect(due == [good])
        let setAside = try #require(try await store.campaign(id: noLinesId))
        #expect(setAside.status == .paused)
        #expect(setAside.lastError == "invalid: settings.maxConcurrentCalls: must be between 1 and 1000, got 0")
        #expect(setAside.lastErrorAt == t0)
        #expect(try await store.campaign(id: hugeId)?.lastError?.hasPrefix("invalid: settings.retryBackoff: must be between 1.0 and 10.0") == true)
        #expect(try await store.dueCampaigns(now: t0, leasableBy: "a", excluding: [], limit: 10).compactMap(\.id) == [good])

        let resumed = try #require(try await store.transitionCampaign(id: noLinesId, from: [.paused], to: .active, now: t0.addingTimeInterval(1)))
        #expect(resumed.lastError == nil && resumed.lastErrorAt == nil)
        #expect(try await store.campaign(id: noLinesId)?.lastError == nil)
    }

    @Test(arguments: StoreKind.allCases) func leaseIsExclusiveUntilItExpires(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await store.insertCampaign(Fixtures.campaign())
        let a = try await store.acquireCampaignLease(id: id, owner: "a", now: t0, until: t0.addingTimeInterval(30))
        #expect(a?.leaseOwner == "a")
        #expect(try await store.acquireCampaignLease(id: id, owner: "b", now: t0.addingTimeInterval(10), until: t0.addingTimeInterval(40)) == nil)
        let renewed = try await store.acquireCampaignLease(id: id, owner: "a", now: t0.addingTimeInterval(20), until: t0.addingTimeInterval(50))
        #expect(renewed?.leaseUntil == t0.addingTimeInterval(50))
        let takeover = try await store.acquireCampaignLease(id: id, owner: "b", now: t0.addingTimeInterval(50), until: t0.addingTimeInterval(80))
        #expect(takeover?.leaseOwner == "b")
        try await store.releaseCampaignLease(id: id, owner: "a")
        #expect(try await store.campaign(id: id)?.leaseOwner == "b")
        try await store.releaseCampaignLease(id: id, owner: "b")
        #expect(try await store.campaign(id: id)?.leaseOwner == nil)
    }

    @Test(arguments: StoreKind.allCases) func leaseIsRefusedForInactiveCampaigns(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await store.insertCampaign(Fixtures.campaign(status: .paused))
        #expect(try await store.acquireCampaignLease(id: id, owner: "a", now: t0, until: t0.addingTimeInterval(30)) == nil)
    }

    @Test(arguments: StoreKind.allCases) func admitCallRequiresActiveStatusAndOurLease(kind: StoreKind) async throws {
        let store = try await kind.make()
        let member = ObjectId()
        let id = try await store.insertCampaign(Fixtures.campaign(contactIds: [member]))
        #expect(try await store.admitCall(campaignId: id, owner: "a", callId: ObjectId(), now: t0) == nil, "no lease yet")
        _ = try await store.acquireCampaignLease(id: id, owner: "a", now: t0, until: t0.addingTimeInterval(30))
        let callId = ObjectId()
        let admitted = try await store.admitCall(campaignId: id, owner: "a", callId: callId, now: t0)
        #expect(admitted?.stats.callsPlaced == 1)
        #expect(admitted?.callIds == [] && admitted?.contactIds == [], "the reply leaves out the growing id lists")
        let stored = try await store.campaign(id: id)
        #expect(stored?.callIds == [callId] && stored?.contactIds == [member], "the stored campaign keeps them")
        #expect(try await store.admitCall(campaignId: id, owner: "b", callId: ObjectId(), now: t0) == nil)
        _ = try await store.transitionCampaign(id: id, from: [.active], to: .paused, now: t0)
        #expect(try await store.admitCall(campaignId: id, owner: "a", callId: ObjectId(), now: t0) == nil)
        #expect(try await store.campaign(id: id)?.stats.callsPlaced == 1)
    }

    @Test(arguments: StoreKind.allCases) func campaignWithoutIdListsLeavesOutOnlyTheLists(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await store.insertCampaign(Fixtures.campaign(contactIds: [ObjectId(), ObjectId()]))
        _ = try await store.acquireCampaignLease(id: id, owner: "a", now: t0, until: t0.addingTimeInterval(30))
        _ = try await store.admitCall(campaignId: id, owner: "a", callId: ObjectId(), now: t0)
        var full = try #require(try await store.campaign(id: id))
        #expect(full.callIds.count == 1 && full.contactIds.count == 2)
        let slim = try await store.campaignWithoutIdLists(id: id)
        full.callIds = []
        full.contactIds = []
        #expect(slim == full)
        #expect(try await store.campaignWithoutIdLists(id: ObjectId()) == nil)
    }

    @Test(arguments: StoreKind.allCases) func transitionIsCompareAndSet(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await store.insertCampaign(Fixtures.campaign())
        #expect(try await store.transitionCampaign(id: id, from: [.active], to: .paused, now: t0)?.status == .paused)
        #expect(try await store.transitionCampaign(id: id, from: [.active], to: .completed, now: t0) == nil)
        #expect(try await store.campaign(id: id)?.status == .paused)
    }

    /// An engine pause covers active campaigns only (a provider's, with a campaign without `provider` counted as
    /// Twilio's), keeps an operator's pause and its reason, and the operator's resume clears the reason.
    @Test(arguments: StoreKind.allCases) func pauseCampaignsCoversActiveOnesOfTheTargetOnly(kind: StoreKind) async throws {
        let store = try await kind.make()
        func make(_ name: String, _ provider: ProviderKind?, _ status: CampaignStatus = .active) async throws -> ObjectId {
            var campaign = Fixtures.campaign(name, status: status)
            campaign.provider = provider
            return try await store.insertCampaign(campaign)
        }
        let implicit = try await make("implicit twilio", nil)
        let twilio = try await make("twilio", .twilio)
        let bland = try await make("bland", .bland)
        let draft = try await make("draft", .twilio, .draft)
        let alreadyPaused = try await make("paused", .twilio, .paused)
        #expect(try await store.pauseCampaigns(.campaign(twilio), reason: "twilio 21210: From not verified", now: t0) == 1)
        #expect(try await store.campaign(id: twilio)?.pauseReason == "twilio 21210: From not verified")
        #expect(try await store.campaign(id: implicit)?.status == .active, "one campaign's caller id pauses only it")

        #expect(try await store.pauseCampaigns(.provider(.twilio), reason: "twilio account error 20003", now: t0) == 1)
        let stopped = try #require(try await store.campaign(id: implicit))
        #expect(stopped.status == .paused && stopped.pauseReason == "twilio account error 20003")
        #expect(try await store.campaign(id: twilio)?.pauseReason == "twilio 21210: From not verified", "its own reason stays")
        #expect(try await store.campaign(id: bland)?.status == .active, "another provider's account is not touched")
        #expect(try await store.campaign(id: draft)?.status == .draft)
        let operatorPaused = try #require(try await store.campaign(id: alreadyPaused))
        #expect(operatorPaused.status == .paused && operatorPaused.pauseReason == nil)

        let resumed = try #require(try await store.transitionCampaign(id: implicit, from: [.paused], to: .active, now: t0))
        #expect(resumed.pauseReason == nil)
        #expect(try await store.campaign(id: implicit)?.pauseReason == nil)
        #expect(try await store.pauseCampaigns(.campaign(ObjectId()), reason: "x", now: t0) == 0)
    }

    @Test(arguments: StoreKind.allCases) func scheduleSetsAndClearsNextExecution(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await store.insertCampaign(Fixtures.campaign())
        try await store.setCampaignSchedule(id: id, nextExecution: t0.addingTimeInterval(3600), lastExecuted: t0, now: t0)
        var loaded = try #require(try await store.campaign(id: id))
        #expect(loaded.nextExecution == t0.addingTimeInterval(3600))
        #expect(loaded.lastExecuted == t0)
        try await store.setCampaignSchedule(id: id, nextExecution: nil, lastExecuted: nil, now: t0)
        loaded = try #require(try await store.campaign(id: id))
        #expect(loaded.nextExecution == nil)
        #expect(loaded.lastExecuted == t0)
    }

    @Test(arguments: StoreKind.allCases) func concurrentStatIncrementsAddUpExactly(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await store.insertCampaign(Fixtures.campaign())
        try await store.setTotalContacts(id: id, 40, now: t0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<40 {
                group.addTask {
                    try await store.incrementStats(
                        campaignId: id,
                        StatsDelta(
                            callsPlaced: 1, callsCompleted: i % 2, callsAnswered: i % 4 == 0 ? 1 : 0,
                            callsFailed: 1 - i % 2, duration: i), appendCallId: ObjectId(), now: Fixtures.t0)
                }
            }
            try await group.waitForAll()
        }
        let stats = try #require(try await store.campaign(id: id)).stats
        #expect(stats.totalContacts == 40)
        #expect(stats.callsPlaced == 40)
        #expect(stats.callsCompleted == 20)
        #expect(stats.callsAnswered == 10)
        #expect(stats.callsFailed == 20)
        #expect(stats.totalDuration == (0..<40).reduce(0, +))
        #expect(stats.durationCount == 40)
        #expect(stats.averageDuration == 19.5)
        #expect(try await store.campaign(id: id)?.callIds.count == 40)
    }

    @Test(arguments: StoreKind.allCases) func completionSetsTheRecountAndFreezesStats(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await store.insertCampaign(Fixtures.campaign())
        try await store.setTotalContacts(id: id, 9, now: t0)
        try await store.incrementStats(campaignId: id, StatsDelta(callsPlaced: 5, callsFailed: 1), appendCallId: nil, now: t0)
        try await store.setCampaignSchedule(id: id, nextExecution: t0, lastExecuted: nil, now: t0)
        let recount = CampaignStats(
            totalContacts: 0, callsPlaced: 4, callsCompleted: 3, callsAnswered: 2, callsFailed: 1,
            averageDuration: 20, totalDuration: 60, durationCount: 3)
        let later = t0.addingTimeInterval(5)
        #expect(try await store.completeCampaign(id: id, recount: recount, now: later))
        #expect(try await store.completeCampaign(id: id, recount: CampaignStats(), now: later) == false)
        try await store.incrementStats(campaignId: id, StatsDelta(callsPlaced: 1, callsFailed: 1), appendCallId: nil, now: later)
        let loaded = try #require(try await store.campaign(id: id))
        #expect(loaded.status == .completed)
        #expect(loaded.lastExecuted == later)
        #expect(loaded.nextExecution == nil)
        var expected = recount
        expected.totalContacts = 9
        #expect(loaded.stats == expected)
    }
}

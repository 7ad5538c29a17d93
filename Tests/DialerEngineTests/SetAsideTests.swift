import DialerCore
import DialerEngine
import DialerTelephony
import DialerTestSupport
import Foundation
import Testing

@testable import DialerStore

/// One bad campaign document must neither stop the other campaigns nor run: the poll sets it
/// aside (paused, with `lastError`) and starts the rest.
@Suite("Engine: bad campaign documents are set aside") struct SetAsideTests {
    let t0 = EngineHarness.t0

    private func engine(_ store: any CampaignStore) -> (EngineDependencies, FakeCallProvider) {
        let clock = ManualWallClock(start: t0)
        let provider = FakeCallProvider(kind: .twilio, defaultOutcome: .placed(.queued), now: { clock.now.date })
        let deps = EngineDependencies(
            store: store, providers: ProviderRegistry([provider]), limiter: PassThroughRateLimiter(), clock: clock,
            config: EngineConfiguration(instanceId: "engine-a", callbackBaseURL: "https://dialer.example.com"))
        return (deps, provider)
    }

    private func campaign(_ name: String, _ settings: CampaignSettings) -> Campaign {
        var campaign = Campaign(name: name, status: .active, settings: settings, now: t0)
        campaign.callerId = "+14155550000"
        return campaign
    }

    private func addContact(_ n: Int, to id: ObjectId, _ store: any CampaignStore) async throws {
        _ = try await store.insertContacts([Contact(phoneNumber: String(format: "+1212555%04d", n), campaignIds: [id], now: t0)])
    }

    /// The poll leases and dials the good campaign and returns, leaving the bad ones paused.
    private func pollUntilDialed(_ deps: EngineDependencies, _ provider: FakeCallProvider) async throws -> Scheduler {
        let scheduler = Scheduler(deps: deps)
        await scheduler.pollOnce()
        let deadline = ContinuousClock.now + .seconds(20)
        while await provider.placeRequests.isEmpty, ContinuousClock.now < deadline { await Task.yield() }
        return scheduler
    }

    @Test(.timeLimit(.minutes(1))) func settingsWrittenPastTheirBoundsAreSetAsideWhileTheGoodCampaignRuns() async throws {
        let store = InMemoryStore()
        let (deps, provider) = engine(store)
        let good = try await store.insertCampaign(campaign("good", CampaignSettings(callDelay: 0, retryCount: 0)))
        // Written straight to the database: the store's insert validates nothing, as an operator's edit would not.
        let noLines = try await store.insertCampaign(campaign("no lines", CampaignSettings(maxConcurrentCalls: 0)))
        let hugeBackoff = try await store.insertCampaign(campaign("huge backoff", CampaignSettings(retryBackoff: 1e15)))
        for (n, id) in [good, noLines, hugeBackoff].enumerated() { try await addContact(n, to: id, store) }

        let scheduler = try await pollUntilDialed(deps, provider)
        #expect(await scheduler.running == [good])
        #expect(await provider.placeRequests.map(\.to) == ["+12125550000"])
        let zero = try #require(try await store.campaign(id: noLines))
        #expect(zero.status == .paused)
        #expect(zero.leaseOwner == nil, "a set-aside campaign holds no lease")
        #expect(zero.lastError?.contains("settings.maxConcurrentCalls") == true, "\(zero.lastError ?? "no lastError")")
        #expect(zero.lastErrorAt == t0)
        let huge = try #require(try await store.campaign(id: hugeBackoff))
        #expect(huge.status == .paused)
        #expect(huge.lastError?.contains("settings.retryBackoff") == true, "\(huge.lastError ?? "no lastError")")
        await scheduler.drain()
    }

    /// A hand-edited document with a string `callDelay` beside a good campaign, on MongoDB: the
    /// good one is still due, leased and dialed; the bad one is paused with the field named.
    @Test(.timeLimit(.minutes(1))) func anUnreadableCampaignDocumentIsSetAsideWhileTheGoodCampaignRuns() async throws {
        let store = try await TestDatabase.freshStore()
        let (deps, provider) = engine(store)
        let good = try await store.insertCampaign(campaign("good", CampaignSettings(callDelay: 0, retryCount: 0)))
        let bad = ObjectId()
        try await store.on(Collections.campaigns) {
            try MongoOperations.insertOne(
                $0,
                [
                    "_id": .objectId(bad), "name": "edited by hand", "status": "active",
                    "settings": ["callDelay": "abc", "maxConcurrentCalls": 3], "createdAt": .date(t0)
                ])
        }
        try await addContact(0, to: good, store)
        try await addContact(1, to: bad, store)

        let scheduler = try await pollUntilDialed(deps, provider)
        #expect(await scheduler.running == [good])
        #expect(await provider.placeRequests.map(\.to) == ["+12125550000"])
        let raw = try #require(try await store.on(Collections.campaigns) { try MongoOperations.findOne($0, filter: ["_id": .objectId(bad)]) })
        #expect(raw["status"] == "paused")
        let reason = try #require(raw["lastError"]?.stringValue)
        #expect(reason.hasPrefix("unreadable: settings.callDelay:"), "\(reason)")
        #expect(raw["settings"] == .document(["callDelay": "abc", "maxConcurrentCalls": 3]), "the operator's document is not rewritten")
        await scheduler.drain()
    }

    /// The retry date of the largest settings, and of settings that slipped past validation, is
    /// bounded: it can be stored and slept until, where it once overflowed and trapped.
    @Test func aHugeBackoffGivesARetryDateThatCanBeStored() async throws {
        let limit = t0.addingTimeInterval(CampaignSettings.longestRetryWait)
        for settings in [
            CampaignSettings(retryCount: 20, retryDelay: 2_592_000_000, retryBackoff: 10, retryJitter: 1),
            CampaignSettings(retryCount: 20, retryBackoff: 1e15), CampaignSettings(retryDelay: Int.max, retryBackoff: .infinity)
        ] {
            let schedule = RetrySchedule(settings: settings, window: .usTCPA)
            #expect(schedule.nextAttempt(after: 20, endedAt: t0, zoneKey: nil, random: 1) == limit)
            let inWindow = schedule.nextAttempt(after: 20, endedAt: t0, zoneKey: "America/New_York", random: 1)
            #expect(inWindow >= limit && inWindow < limit.addingTimeInterval(86_400))
        }
    }

    /// A running campaign edited to `maxConcurrentCalls: 0` stops at its next lease renewal instead
    /// of waiting for a free line (and holding its lease) forever; once its live call ends, the
    /// lease is released and the next poll sets it aside. The next contact is not dialed.
    @Test(.timeLimit(.minutes(1))) func aRunningCampaignEditedIntoAnInvalidStateStopsAndIsSetAside() async throws {
        let store = try await TestDatabase.freshStore()
        let (deps, provider) = engine(store)
        let clock = deps.clock as! ManualWallClock
        let id = try await store.insertCampaign(
            campaign("edited while running", CampaignSettings(callDelay: 0, maxConcurrentCalls: 1, retryCount: 0)))
        try await addContact(0, to: id, store)
        try await addContact(1, to: id, store)
        let scheduler = try await pollUntilDialed(deps, provider)
        try await store.on(Collections.campaigns) {
            try MongoOperations.updateOne($0, filter: ["_id": .objectId(id)], update: ["$set": ["settings.maxConcurrentCalls": 0]])
        }
        for _ in 0..<11 { try await advanceWhenSomeoneSleeps(clock) }
        let live = try #require(try await store.listCalls(CallFilter(campaignId: id), sort: .oldestFirst, page: PageRequest()).items.first)
        if case .advanced(let ended) = try await store.advanceCall(
            .attemptId(live.attemptId), to: .completed, fields: CallFields(),
            now: clock.now.date)
        {
            await scheduler.callEnded(ended)
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while await !scheduler.running.isEmpty, ContinuousClock.now < deadline { await Task.yield() }
        await scheduler.pollOnce()
        let setAside = try #require(try await store.campaign(id: id))
        #expect(setAside.status == .paused)
        #expect(setAside.leaseOwner == nil)
        #expect(setAside.lastError?.contains("settings.maxConcurrentCalls") == true, "\(setAside.lastError ?? "no lastError")")
        #expect(await provider.placeRequests.count == 1, "the second contact is not dialed under settings nobody allowed")
        await scheduler.drain()
    }

    /// Bounded in real time only so that a run which stopped sleeping fails the test instead of hanging it.
    private func advanceWhenSomeoneSleeps(_ clock: ManualWallClock) async throws {
        let giveUp = ContinuousClock.now + .seconds(10)
        while clock.sleeperCount == 0 {
            guard ContinuousClock.now < giveUp else {
                Issue.record("nothing sleeps on the clock")
                return
            }
            await Task.yield()
        }
        clock.advance(by: .seconds(1))
    }
}

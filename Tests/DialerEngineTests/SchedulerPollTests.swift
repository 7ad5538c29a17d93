import DialerCore
import DialerEngine
import DialerStore
import DialerTelephony
import Foundation
import Testing

@Suite struct SchedulerPollTests {
    /// A poll reads at most 100 due campaigns. Those already running here must not fill that page,
    /// or the campaigns behind them would never start.
    @Test func campaignsBeyondOnePollPageStartOnTheNextPoll() async throws {
        let start = EngineHarness.t0
        let clock = ManualWallClock(start: start)
        let store = InMemoryStore()
        let provider = FakeCallProvider(kind: .twilio, defaultOutcome: .placed(.queued), now: { clock.now.date })
        let deps = EngineDependencies(
            store: store, providers: ProviderRegistry([provider]), limiter: PassThroughRateLimiter(), clock: clock,
            config: EngineConfiguration(instanceId: "engine-a", callbackBaseURL: "https://dialer.example.com"))
        let total = 150
        for index in 0..<total {
            var campaign = Campaign(
                name: "campaign \(index)", status: .active, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 1, retryCount: 0), now: start
            )
            campaign.callerId = "+14155550000"
            let id = try await store.insertCampaign(campaign)
            _ = try await store.insertContacts([Contact(phoneNumber: String(format: "+1212555%04d", index), campaignIds: [id], now: start)])
        }
        let scheduler = Scheduler(deps: deps)
        await scheduler.pollOnce()
        let afterFirst = await scheduler.running.count
        #expect(afterFirst == 100)
        await scheduler.pollOnce()
        // Each run keeps its one call live (the fake provider never ends it), so every run is still on.
        let afterSecond = await scheduler.running.count
        #expect(afterSecond == total)
        await scheduler.drain()
    }

    /// A drain waits for live calls until one deadline counted from its start, then keeps the
    /// lease of the calls still live (no other instance may take them over) and ends the run.
    @Test(.timeLimit(.minutes(1))) func aDrainStopsWaitingForLiveCallsAtItsDeadlineAndKeepsTheLease() async throws {
        let start = EngineHarness.t0
        let clock = ManualWallClock(start: start)
        let store = InMemoryStore()
        let provider = FakeCallProvider(kind: .twilio, defaultOutcome: .placed(.queued), now: { clock.now.date })
        let config = EngineConfiguration(
            instanceId: "engine-a", pollInterval: .seconds(1), leaseDuration: .seconds(30),
            callbackBaseURL: "https://dialer.example.com", drainDeadline: .seconds(5))
        let deps = EngineDependencies(
            store: store, providers: ProviderRegistry([provider]), limiter: PassThroughRateLimiter(),
            clock: clock, config: config)
        var campaign = Campaign(
            name: "draining", status: .active, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 1, retryCount: 0), now: start)
        campaign.callerId = "+14155550000"
        let id = try await store.insertCampaign(campaign)
        _ = try await store.insertContacts((0..<3).map { Contact(phoneNumber: String(format: "+1212555%04d", $0), campaignIds: [id], now: start) })
        let scheduler = Scheduler(deps: deps)
        let run = Task { try await scheduler.run() }
        // The one allowed call is live (the fake never ends it); the run waits for a free slot.
        while await provider.placeRequests.isEmpty || clock.sleeperCount < 2 { await Task.yield() }
        await scheduler.drain()
        for second in 1...4 {
            try await advanceOnceSomeoneSleeps(clock, by: .seconds(1), "\(second) s into the drain")
        }
        #expect(await scheduler.running == [id], "4 s into a 5 s drain, the run still waits for its live call")
        try await advanceOnceSomeoneSleeps(clock, by: .seconds(1), "5 s into the drain")
        try await run.value
        #expect(await provider.placeRequests.count == 1, "nothing is dialed after the drain")
        #expect(try await store.campaign(id: id)?.leaseOwner == "engine-a", "the lease of a live call is kept")
    }

    /// Bounded in real time only so that a run which stopped sleeping fails the test instead of hanging it.
    private func advanceOnceSomeoneSleeps(_ clock: ManualWallClock, by step: Duration, _ moment: String) async throws {
        let giveUp = ContinuousClock.now + .seconds(10)
        while clock.sleeperCount == 0 {
            guard ContinuousClock.now < giveUp else { throw NobodySleeps(moment: moment) }
            await Task.yield()
        }
        clock.advance(by: step)
    }

    struct NobodySleeps: Error, CustomStringConvertible {
        let moment: String
        var description: String { "nothing sleeps on the clock \(moment): the run ended early" }
    }
}

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
        let deps = EngineDependencies(store: store, providers: ProviderRegistry([provider]), limiter: PassThroughRateLimiter(), clock: clock,
                                      config: EngineConfig(instanceId: "engine-a", callbackBaseURL: "https://dialer.example.com"))
        let total = 150
        for index in 0..<total {
            var campaign = Campaign(name: "campaign \(index)", status: .active, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 1, retryCount: 0), now: start)
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
}

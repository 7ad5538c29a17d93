import DialerCore
import DialerEngine
import DialerStore
import DialerTelephony
import Foundation

/// In-memory store, fake provider and a manual clock, wired as the engine is in dialerd.
struct EngineHarness {
    /// Monday 2026-11-23 15:00 UTC: 10:00 in New York.
    static let t0 = ISO8601DateFormatter().date(from: "2026-11-23T15:00:00Z")!

    let store: InMemoryStore
    let provider: FakeCallProvider
    let clock: ManualWallClock
    let deps: EngineDependencies
    let handler: CallEndHandler
    let campaignId: ObjectId

    init(
        contacts: Int, settings: CampaignSettings = CampaignSettings(callDelay: 0, maxConcurrentCalls: 10, retryCount: 0),
        phone: (Int) -> String = { String(format: "+1212555%04d", $0) }, start: Date = EngineHarness.t0,
        instanceId: String = "engine-a", window: CallingWindow? = nil, limiter: any CallRateLimiter = PassThroughRateLimiter(),
        resultSink: (any CallResultSink)? = nil, events: (any EngineEventPublisher)? = nil, store: InMemoryStore = InMemoryStore(),
        preDial: (any PreDialChecker)? = nil
    ) async throws {
        self.store = store
        let clock = ManualWallClock(start: start)
        self.clock = clock
        provider = FakeCallProvider(kind: .twilio, defaultOutcome: .placed(.queued), now: { clock.now.date })
        deps = EngineDependencies(
            store: store, providers: ProviderRegistry([provider]), limiter: limiter, clock: clock,
            config: EngineConfiguration(instanceId: instanceId, callbackBaseURL: "https://dialer.example.com"),
            resultSink: resultSink, events: events, preDial: preDial)
        handler = CallEndHandler(deps: deps)
        var campaign = Campaign(name: "Renewals", status: .active, settings: settings, now: start)
        campaign.callerId = "+14155550000"
        campaign.callingWindow = window
        let id = try await store.insertCampaign(campaign)
        campaignId = id
        let list = (0..<contacts).map {
            Contact(phoneNumber: phone($0), name: "Contact \($0)", campaignIds: [id], now: start.addingTimeInterval(Double($0)))
        }
        _ = try await store.insertContacts(list)
        _ = try await store.acquireCampaignLease(id: id, owner: instanceId, now: start, until: start.addingTimeInterval(3600))
    }

    /// Another engine instance on the same store and provider.
    func sibling(instanceId: String) -> (EngineDependencies, CallEndHandler) {
        let other = EngineDependencies(
            store: store, providers: ProviderRegistry([provider]), limiter: PassThroughRateLimiter(), clock: clock,
            config: EngineConfiguration(instanceId: instanceId, callbackBaseURL: "https://dialer.example.com"))
        return (other, CallEndHandler(deps: other))
    }

    func runner() async throws -> CampaignRunner {
        let campaign = try await store.campaign(id: campaignId)!
        let runner = CampaignRunner(campaign: campaign, deps: deps, endHandler: handler)
        try await runner.prepare(now: clock.now.date)
        return runner
    }

    /// Steps at the clock's time, advancing it to each requested wake-up, until `until` or the run ends.
    /// Returns the times calls were placed.
    @discardableResult
    func drive(_ runner: CampaignRunner, until end: Date, onPlaced: (String) async throws -> Void = { _ in }) async throws -> [Date] {
        var placedAt: [Date] = []
        while clock.now.date <= end {
            let now = clock.now.date
            switch try await runner.step(now: now) {
            case .placed(let attemptId):
                placedAt.append(now)
                try await onPlaced(attemptId)
            case .wait(let until), .waitForCalls(let until):
                clock.advance(to: until)
            case .finished:
                return placedAt
            }
        }
        return placedAt
    }

    /// What a provider's final webhook does: the call ends and the engine is told.
    func end(_ attemptId: String, _ status: CallStatus, answeredBy: String? = nil, duration: Int? = nil) async throws {
        let result = try await store.advanceCall(
            .attemptId(attemptId), to: status,
            fields: CallFields(endTime: clock.now.date, duration: duration, answeredBy: answeredBy),
            now: clock.now.date)
        if case .advanced(let call) = result { await handler.callEnded(call) }
    }

    func progress() async throws -> [DialProgress] {
        let contacts = try await store.listContacts(ContactFilter(campaignId: campaignId), campaign: nil, page: PageRequest(offset: 0, limit: 1000))
        var all: [DialProgress] = []
        for contact in contacts.items {
            if let p = try await store.dialProgress(campaignId: campaignId, contactId: contact.id!) { all.append(p) }
        }
        return all
    }
}

import DialerCore
import DialerEngine
import DialerHTTP
import DialerSim
import DialerStore
import DialerTelephony
import Foundation
import Logging
import Testing

/// The engine's runner and the real Twilio client against dialer-sim over loopback HTTP, on the in-memory store:
/// several campaigns, each run by its own instance id, as on a shared database.
private struct TwilioRig {
    let sim: SimServer
    let http: CurlHTTPClient
    let store = InMemoryStore()
    let clock = ManualWallClock(start: EngineHarness.t0)

    var operations: CampaignOperations { CampaignOperations(store: store, providers: registry, clock: clock) }

    private var registry: ProviderRegistry {
        let configuration = TwilioConfiguration(
            baseURL: sim.baseURL, accountSid: sim.configuration.twilioAccountSid,
            credentials: .authToken(sim.configuration.twilioAuthToken))
        return ProviderRegistry([TwilioCallProvider(configuration: configuration, http: http, limiter: PassThroughRateLimiter())])
    }

    func campaign(_ name: String, contacts: Int, provider: ProviderKind? = nil, prefix: String) async throws -> ObjectId {
        var campaign = Campaign(
            name: name, status: .active, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: contacts, retryCount: 0),
            now: clock.now.date)
        campaign.callerId = "+14155550000"
        campaign.provider = provider
        let id = try await store.insertCampaign(campaign)
        let list = (0..<contacts).map { Contact(phoneNumber: "\(prefix)\(String(format: "%04d", $0))", campaignIds: [id], now: clock.now.date) }
        _ = try await store.insertContacts(list)
        return id
    }

    /// Leases the campaign to `instance` and prepares a runner, as the scheduler does when it picks one up.
    func runner(_ id: ObjectId, instance: String) async throws -> CampaignRunner {
        let now = clock.now.date
        let leased = try #require(try await store.acquireCampaignLease(id: id, owner: instance, now: now, until: now.addingTimeInterval(3600)))
        let deps = EngineDependencies(
            store: store, providers: registry, limiter: PassThroughRateLimiter(), clock: clock,
            config: EngineConfiguration(instanceId: instance, callbackBaseURL: "http://127.0.0.1:9"))
        let runner = CampaignRunner(campaign: leased, deps: deps, endHandler: CallEndHandler(deps: deps))
        try await runner.prepare(now: now)
        return runner
    }

    /// Steps until the runner stops or every line is busy; returns how it stopped.
    func drive(_ runner: CampaignRunner) async throws -> StepResult {
        for _ in 0..<500 {
            let result = try await runner.step(now: clock.now.date)
            switch result {
            case .placed: continue
            case .wait(let until): clock.advance(to: max(until, clock.now.date.addingTimeInterval(0.001)))
            case .waitForCalls, .finished: return result
            }
        }
        Issue.record("the runner never stopped")
        return .finished(.completed)
    }

    func progress(_ campaignId: ObjectId) async throws -> [DialProgress] {
        let contacts = try await store.listContacts(ContactFilter(campaignId: campaignId), campaign: nil, page: PageRequest(offset: 0, limit: 1000))
        var all: [DialProgress] = []
        for contact in contacts.items {
            if let p = try await store.dialProgress(campaignId: campaignId, contactId: contact.id!) { all.append(p) }
        }
        return all
    }

    func creates() async -> Int { await sim.requestLog.all().filter { $0.method == "POST" && $0.path.hasSuffix("/Calls.json") }.count }
}

private func withTwilioRig(_ configure: (inout SimConfiguration) -> Void = { _ in }, _ body: (TwilioRig) async throws -> Void) async throws {
    var configuration = SimConfiguration(seed: 16, callsPerSecond: nil)
    configuration.latency.timeScale = 0.001
    configure(&configuration)
    var logger = Logger(label: "account-error-tests")
    logger.logLevel = .critical
    let sim = try SimServer(configuration: configuration, logger: logger)
    try await sim.start()
    let http = try CurlHTTPClient()
    let rig = TwilioRig(sim: sim, http: http)
    do {
        try await body(rig)
    } catch {
        await sim.stop()
        await http.shutdown()
        throw error
    }
    await sim.stop()
    await http.shutdown()
}

/// A provider error that means the account or the campaign's configuration is wrong must not consume a contact:
/// the campaign pauses after one attempt, that attempt is given back, and the campaign resumes cleanly.
@Suite struct AccountErrorPauseTests {
    @Test(arguments: TwilioSimAccountError.allCases)
    func anAccountLevelTwilioErrorPausesAfterOneAttemptAndConsumesNoContact(_ error: TwilioSimAccountError) async throws {
        try await withTwilioRig { rig in
            let campaignA = try await rig.campaign("A", contacts: 50, prefix: "+1212555")
            let campaignB = try await rig.campaign("B, same account", contacts: 5, provider: .twilio, prefix: "+1212556")
            let campaignC = try await rig.campaign("C, another provider", contacts: 1, provider: .bland, prefix: "+1212557")
            let runnerA = try await rig.runner(campaignA, instance: "engine-a")
            let runnerB = try await rig.runner(campaignB, instance: "engine-b")
            rig.sim.setTwilioAccountError(error)

            #expect(try await rig.drive(runnerA) == .finished(.notDialable))
            #expect(await rig.creates() == 1, "paused after one attempt")
            let paused = try #require(try await rig.store.campaign(id: campaignA))
            #expect(paused.status == .paused)
            #expect(paused.pauseReason?.hasPrefix("twilio \(error.rawValue): ") == true, "\(paused.pauseReason ?? "no reason")")
            #expect(paused.stats.callsPlaced == 0 && paused.callIds.isEmpty, "the refused attempt counts nowhere")
            let states = try await rig.progress(campaignA)
            #expect(states.count == 50)
            #expect(states.allSatisfy { $0.state == .pending && $0.attempts == 0 }, "every contact untouched, the refused one too")
            let contacts = try await rig.store.listContacts(
                ContactFilter(campaignId: campaignA), campaign: nil,
                page: PageRequest(offset: 0, limit: 100))
            #expect(contacts.items.allSatisfy { $0.callCount == 0 && $0.callIds.isEmpty })
            let calls = try await rig.store.listCalls(CallFilter(campaignId: campaignA), sort: .oldestFirst, page: PageRequest())
            let record = try #require(calls.items.first)
            #expect(record.outcome == "not-placed" && record.errorCode == String(error.rawValue), "the refusal is kept as a record")

            // A credential or account error stops every campaign of the account, on every instance: the other
            // instance's next admission is refused, and its claim is given back without a request. A caller id
            // or permission error is the campaign's own: the other campaign pauses only on its own attempt.
            #expect(try await rig.drive(runnerB) == .finished(.notDialable))
            let other = try #require(try await rig.store.campaign(id: campaignB))
            #expect(other.status == .paused)
            #expect(try await rig.progress(campaignB).allSatisfy { $0.state == .pending && $0.attempts == 0 })
            if AccountErrors.twilio[error.rawValue] == .account {
                #expect(other.pauseReason?.contains("on campaign \(campaignA.hex)") == true, "\(other.pauseReason ?? "no reason")")
                #expect(await rig.creates() == 1, "no request from the other campaign")
            } else {
                #expect(other.pauseReason?.hasPrefix("twilio \(error.rawValue): ") == true, "\(other.pauseReason ?? "no reason")")
                #expect(await rig.creates() == 2)
            }
            #expect(try await rig.store.campaign(id: campaignC)?.status == .active, "another provider's account is not touched")

            // The error stops; the operator resumes; every contact is dialed once.
            rig.sim.setTwilioAccountError(nil)
            let resumed = try await rig.operations.resume(campaignA)
            #expect(resumed.pauseReason == nil)
            let creates = await rig.creates()
            _ = try await rig.drive(try await rig.runner(campaignA, instance: "engine-a"))
            #expect(await rig.creates() == creates + 50)
            let after = try await rig.progress(campaignA)
            #expect(after.allSatisfy { $0.state == .calling && $0.attempts == 1 }, "each contact dialed once, none failed")
            #expect(try await rig.store.campaign(id: campaignA)?.stats.callsPlaced == 50)
        }
    }

    @Test func aContactLevelErrorFailsOnlyItsContact() async throws {
        let invalid = "+12125550007"
        try await withTwilioRig({ $0.invalidNumbers = [invalid] }) { rig in
            let id = try await rig.campaign("A", contacts: 50, prefix: "+1212555")
            _ = try await rig.drive(try await rig.runner(id, instance: "engine-a"))
            #expect(await rig.creates() == 50)
            let campaign = try #require(try await rig.store.campaign(id: id))
            #expect(campaign.status == .active && campaign.pauseReason == nil)
            let contacts = try await rig.store.listContacts(ContactFilter(campaignId: id), campaign: nil, page: PageRequest(offset: 0, limit: 100))
            let failedId = try #require(contacts.items.first { $0.phoneNumber == invalid }?.id)
            for state in try await rig.progress(id) {
                if state.contactId == failedId {
                    #expect(state.state == .failed && state.attempts == 1)
                } else {
                    #expect(state.state == .calling && state.attempts == 1)
                }
            }
        }
    }
}

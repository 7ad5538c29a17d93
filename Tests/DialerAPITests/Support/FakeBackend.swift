import DialerCore
import DialerOperator
import DialerStore
import Synchronization

/// Stands in for the operator backend: campaign actions move the stored campaign's status as the
/// real backend's do (so their effect shows in the store) and are recorded; the rest is unused here.
final class FakeBackend: OperatorBackend {
    let instanceId = "api-test"
    private let store: any CampaignStore
    private let clock: any WallClock
    private let log = Mutex<[String]>([])

    init(store: any CampaignStore, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    var actions: [String] { log.withLock { $0 } }

    func start(id: ObjectId, by: String) async throws -> CampaignSummary { try await move(id, "start", by, from: [.draft, .paused], to: .active) }
    func pause(id: ObjectId, by: String) async throws -> CampaignSummary { try await move(id, "pause", by, from: [.active], to: .paused) }
    func resume(id: ObjectId, by: String) async throws -> CampaignSummary { try await move(id, "resume", by, from: [.paused], to: .active) }
    func stop(id: ObjectId, hangUp: Bool, by: String) async throws -> StopResult {
        let summary = try await move(id, hangUp ? "stop+hangUp" : "stop", by, from: [.draft, .active, .paused], to: .cancelled)
        return StopResult(campaign: summary, hungUp: 0)
    }

    private func move(_ id: ObjectId, _ action: String, _ by: String, from: [CampaignStatus], to: CampaignStatus) async throws -> CampaignSummary {
        guard let campaign = try await store.campaign(id: id) else { throw OperatorError(.notFound, "no campaign with id \(id.hex)") }
        guard let moved = try await store.transitionCampaign(id: id, from: from, to: to, now: clock.now.date) else {
            throw OperatorError(.invalidTransition, "cannot \(action) a \(campaign.status.rawValue) campaign")
        }
        log.withLock { $0.append("\(action) \(id.hex) by \(by)") }
        return CampaignSummary(moved)
    }

    private func unused() -> OperatorError { OperatorError(.internal, "not used by the API tests") }
    func listCampaigns(statuses: [CampaignStatus]?, limit: Int) async throws -> CampaignList { throw unused() }
    func campaignDetail(id: ObjectId) async throws -> CampaignDetail { throw unused() }
    func engineStatus() async throws -> EngineStatus { throw unused() }
    func drain() async throws -> DrainResult { throw unused() }
    func progress(of id: ObjectId?) async throws -> [CampaignProgress] { throw unused() }

    /// Stores the bundle as the real backend does (contacts first, then the campaign listing them) and records it.
    func importCampaign(_ bundle: CampaignBundle) async throws -> CampaignSummary {
        let now = clock.now.date
        var campaign = bundle.campaign
        campaign.id = ObjectId(date: now)
        let contacts = bundle.contacts.map { contact in
            var stored = contact
            stored.id = ObjectId(date: now)
            stored.campaignIds = [campaign.id!]
            return stored
        }
        _ = try await store.insertContacts(contacts)
        campaign.contactIds = contacts.compactMap(\.id)
        campaign.stats = CampaignStats(totalContacts: contacts.count)
        _ = try await store.insertCampaign(campaign)
        log.withLock { $0.append("import \(campaign.id!.hex)") }
        return CampaignSummary(campaign)
    }
}

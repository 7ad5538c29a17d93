import DialerCore
import DialerEngine
import DialerOperator
import DialerSheets
import DialerStore
import Foundation

/// The production backend: reads the store, acts through `CampaignOperations` (store-backed, so
/// a pause holds on every instance), and nudges this instance's scheduler. Every public method
/// throws only `OperatorError`s (see `OperatorErrorTranslation`).
public struct EngineOperatorBackend: OperatorBackend {
    public let instanceId: String
    private let store: any OperatorStore
    private let operations: CampaignOperations
    private let scheduler: any SchedulerControl
    private let cps: any CPSGauge
    private let clock: any WallClock
    private let pingTimeout: Duration
    /// nil: sheets are not configured; `sheets.*` answers `unavailable` and start imports nothing.
    private let sheets: (any SheetOperations)?
    private let suppressions: SuppressionOperations
    private let apiKeys: APIKeyOperations

    /// - Parameters:
    ///   - cps: the account-wide limiter the engine places calls through (`TokenBucketLimiter` conforms).
    ///   - pingTimeout: how long `engine.status` waits for the database before calling it unhealthy.
    public init(
        store: any OperatorStore, operations: CampaignOperations, scheduler: any SchedulerControl,
        cps: any CPSGauge = NoCPSGauge(), instanceId: String, clock: any WallClock = SystemWallClock(),
        pingTimeout: Duration = .seconds(2), sheets: (any SheetOperations)? = nil,
        apiKeyRevoked: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.apiKeys = APIKeyOperations(store: store, clock: clock, revoked: apiKeyRevoked)
        self.sheets = sheets
        self.store = store
        self.operations = operations
        self.scheduler = scheduler
        self.cps = cps
        self.instanceId = instanceId
        self.clock = clock
        self.pingTimeout = pingTimeout
        self.suppressions = SuppressionOperations(store: store, clock: clock)
    }

    public func listCampaigns(statuses: [CampaignStatus]?, limit: Int) async throws -> CampaignList {
        try await OperatorErrorTranslation.run {
            let page = try await store.listCampaigns(statuses: statuses, page: PageRequest(offset: 0, limit: limit))
            return CampaignList(campaigns: page.items.map(CampaignSummary.init), total: page.total)
        }
    }

    public func campaignDetail(id: ObjectId) async throws -> CampaignDetail {
        try await OperatorErrorTranslation.run {
            let campaign = try await existing(id)
            let now = clock.now.date
            let counts = try await store.dialStateCounts(campaignId: id)
            let inFlight = try await store.countInFlightCalls(campaignId: id)
            let live = try await store.listCalls(
                CallFilter(campaignId: id, statuses: CallStatus.nonTerminal), sort: .oldestFirst,
                page: PageRequest(offset: 0, limit: 20))
            let zones = try await zonesToCall(campaign, enrolled: !counts.isEmpty)
            let window = WindowInsight.state(window: campaign.callingWindow, zones: zones, now: now)
            let eta = ETAEstimator.estimate(
                status: campaign.status, dialStates: counts, settings: campaign.settings, stats: campaign.stats,
                cpsCap: await cps.usage().cap, window: window, now: now)
            let lease = campaign.leaseOwner.map { LeaseState(owner: $0, until: campaign.leaseUntil) }
            return CampaignDetail(
                campaign: CampaignSummary(campaign), description: campaign.description, callerId: campaign.callerId,
                defaultTimeZone: campaign.defaultTimeZone, settings: campaign.settings, callingWindow: campaign.callingWindow,
                stats: campaign.stats, lastExecuted: campaign.lastExecuted, nextExecution: campaign.nextExecution, lease: lease,
                inFlight: InFlightCalls(count: inFlight, calls: live.items.map(LiveCall.init)),
                dialStates: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }),
                window: window, eta: eta, asOf: now, lastErrorAt: campaign.lastErrorAt,
                recentActions: try await store.campaignActions(campaignId: id, limit: Self.recentActions).map(CampaignActionEntry.init))
        }
    }

    /// Zones of the contacts still to call; before the first run enrolls them, the members' zones.
    private func zonesToCall(_ campaign: Campaign, enrolled: Bool) async throws -> [String?] {
        if enrolled { return try await store.pendingTimeZones(campaignId: campaign.id!) }
        let members = try await store.listContacts(
            ContactFilter(campaignId: campaign.id!, statuses: [.active]), campaign: campaign,
            page: PageRequest(offset: 0, limit: 1000))
        var zones: [String?] = []
        for contact in members.items {
            let zone: String? =
                switch ContactTimeZone.resolve(
                    phoneNumber: contact.phoneNumber, customFields: contact.customFields,
                    campaignDefault: campaign.defaultTimeZone)
                {
                case .zone(let key): key
                case .unknown: nil
                }
            if !zones.contains(zone) { zones.append(zone) }
        }
        return zones.sorted { ($0 ?? "") < ($1 ?? "") }
    }

    /// A campaign with a sheet imports its rows first, so the run dials what the sheet holds now.
    /// A failing import (sheet unreachable, no phone column) refuses the start; bad rows do not.
    public func start(id: ObjectId, by: String) async throws -> CampaignSummary {
        try await OperatorErrorTranslation.run {
            try Self.check(actor: by)
            let campaign = try await existing(id)
            if let sheets, campaign.sheetInfo?.spreadsheetId?.isEmpty == false, [.draft, .paused].contains(campaign.status) {
                _ = try await sheets.importContacts(of: campaign)
            }
            return try await act(.start, id, from: campaign.status, by: by) { try await operations.start(id) }
        }
    }

    public func sheetImport(id: ObjectId) async throws -> SheetImportReport {
        try await OperatorErrorTranslation.run {
            let campaign = try await existing(id)
            guard let sheets else {
                throw OperatorError(
                    .unavailable, "sheets are not configured on this dialerd: set googleServiceAccountKeyFile (or sheetsCsvDirectory)")
            }
            guard campaign.sheetInfo?.spreadsheetId?.isEmpty == false else {
                throw OperatorError(.badArgs, "campaign \(id.hex) has no sheetInfo.spreadsheetId")
            }
            return try await sheets.importContacts(of: campaign)
        }
    }

    public func sheetSync(id: ObjectId) async throws -> SheetSyncReport {
        try await OperatorErrorTranslation.run {
            let campaign = try await existing(id)
            guard let sheets else {
                throw OperatorError(
                    .unavailable, "sheets are not configured on this dialerd: set googleServiceAccountKeyFile (or sheetsCsvDirectory)")
            }
            guard campaign.sheetInfo?.spreadsheetId?.isEmpty == false else {
                throw OperatorError(.badArgs, "campaign \(id.hex) has no sheetInfo.spreadsheetId")
            }
            return try await sheets.sync(campaign)
        }
    }

    /// A pause moves only an active campaign, so that is where it came from.
    public func pause(id: ObjectId, by: String) async throws -> CampaignSummary {
        try await OperatorErrorTranslation.run {
            try Self.check(actor: by)
            return try await act(.pause, id, from: .active, by: by) { try await operations.pause(id) }
        }
    }

    public func resume(id: ObjectId, by: String) async throws -> CampaignSummary {
        try await OperatorErrorTranslation.run {
            try Self.check(actor: by)
            return try await act(.resume, id, from: .paused, by: by) { try await operations.resume(id) }
        }
    }

    /// A stop moves a draft, active or paused campaign; the status read just before it is the
    /// one recorded (an engine pause in between would make it stale, and is rare).
    public func stop(id: ObjectId, hangUp: Bool, by: String) async throws -> StopResult {
        try await OperatorErrorTranslation.run {
            try Self.check(actor: by)
            let before = try await existing(id).status
            let (campaign, hungUp) = try await operations.stop(id, hangUp: hangUp)
            await scheduler.wake(id)
            try await record(.stop, campaign, from: before, by: by)
            return StopResult(campaign: CampaignSummary(campaign), hungUp: hungUp)
        }
    }

    /// How many of a campaign's latest actions its detail lists.
    static let recentActions = 5

    private func act(
        _ kind: CampaignActionKind, _ id: ObjectId, from: CampaignStatus, by: String, _ operation: () async throws -> Campaign
    ) async throws -> CampaignSummary {
        let campaign = try await operation()
        // The store already refuses the next claim; waking the runner lets it notice now.
        await scheduler.wake(id)
        await scheduler.wake(nil)
        try await record(kind, campaign, from: from, by: by)
        return CampaignSummary(campaign)
    }

    /// After the action took effect: should the record fail, the error says the action held, so
    /// the operator does not repeat it.
    private func record(_ kind: CampaignActionKind, _ campaign: Campaign, from: CampaignStatus, by: String) async throws {
        let action = CampaignAction(
            campaignId: campaign.id!, action: kind, by: by, fromStatus: from, toStatus: campaign.status, at: clock.now.date)
        do {
            try await store.recordCampaignAction(action)
        } catch {
            let failure = OperatorErrorTranslation.translate(error)
            throw OperatorError(
                failure.code,
                "campaign \(campaign.id!.hex) is now \(campaign.status.rawValue), but recording that \(by) did it (\(kind.rawValue)) failed: "
                    + failure.message)
        }
    }

    private static func check(actor: String) throws(OperatorError) {
        guard !actor.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OperatorError(.badArgs, "a campaign action must name who takes it (by)")
        }
    }

    public func engineStatus() async throws -> EngineStatus {
        try await OperatorErrorTranslation.run {
            var leases: [HeldLease] = []
            for id in await scheduler.running.sorted() {
                leases.append(HeldLease(id: id.hex, name: try? await store.campaign(id: id)?.name))
            }
            return EngineStatus(
                instanceId: instanceId, draining: await scheduler.isDraining, leases: leases, cps: await cps.usage(),
                database: await databaseHealth(), asOf: clock.now.date)
        }
    }

    /// Pings the database, giving up after `pingTimeout` without waiting for a hung ping.
    private func databaseHealth() async -> DatabaseHealth {
        let store = self.store
        let started = ContinuousClock.now
        let outcome = await FirstOf.run(timeout: pingTimeout) { try await store.ping() }
        let latency = (ContinuousClock.now - started).milliseconds
        switch outcome {
        case .value: return DatabaseHealth(ok: true, latencyMs: (latency * 100).rounded() / 100, error: nil)
        case .failure(let error): return DatabaseHealth(ok: false, latencyMs: nil, error: "\(error)")
        case .timedOut: return DatabaseHealth(ok: false, latencyMs: nil, error: "no answer within \(pingTimeout.milliseconds / 1000) s")
        }
    }

    public func drain() async throws -> DrainResult {
        try await OperatorErrorTranslation.run {
            await scheduler.drain()
            let running = await scheduler.running.sorted()
            var live = 0
            for id in running { live += try await store.countInFlightCalls(campaignId: id) }
            return DrainResult(draining: true, runningCampaigns: running.map(\.hex), inFlightCalls: live)
        }
    }

    public func progress(of id: ObjectId?) async throws -> [CampaignProgress] {
        try await OperatorErrorTranslation.run {
            let campaigns: [Campaign]
            if let id {
                campaigns = [try await existing(id)]
            } else {
                campaigns = try await store.listCampaigns(statuses: [.active, .paused], page: PageRequest(offset: 0, limit: 100)).items
                    .sorted { $0.createdAt < $1.createdAt }
            }
            var result: [CampaignProgress] = []
            for campaign in campaigns {
                let campaignId = campaign.id!
                let counts = try await store.dialStateCounts(campaignId: campaignId)
                let done = counts.filter { $0.key.isFinal }.map(\.value).reduce(0, +)
                let total = max(campaign.stats.totalContacts, counts.values.reduce(0, +))
                result.append(
                    CampaignProgress(
                        id: campaignId.hex, name: campaign.name, status: campaign.status.rawValue, total: total, done: done,
                        placed: campaign.stats.callsPlaced, answered: campaign.stats.callsAnswered, failed: campaign.stats.callsFailed,
                        inFlight: try await store.countInFlightCalls(campaignId: campaignId), at: clock.now.date))
            }
            return result
        }
    }

    public func importCampaign(_ bundle: CampaignBundle) async throws -> CampaignSummary {
        try await OperatorErrorTranslation.run {
            let now = clock.now.date
            let campaignId = ObjectId(date: now)
            let contacts = bundle.contacts.map { contact in
                var stored = contact
                stored.id = ObjectId(date: now)
                stored.campaignIds = [campaignId]
                return stored
            }
            var campaign = bundle.campaign
            campaign.id = campaignId
            campaign.contactIds = contacts.compactMap(\.id)
            campaign.stats = CampaignStats(totalContacts: contacts.count)
            campaign.createdAt = now
            campaign.updatedAt = now
            // Contacts first: the campaign becomes visible to schedulers only once its contacts exist.
            do {
                _ = try await store.insertContacts(contacts)
            } catch {
                throw OperatorError(
                    .internal,
                    "storing the contacts failed, so no campaign was created (some contacts may have been stored "
                        + "with campaignIds [\(campaignId.hex)]): \(error)")
            }
            // Before the campaign exists: a failure here leaves no campaign to import twice, and a
            // do-not-call contact's number is on the list before any campaign can run.
            try await suppressions.suppressDoNotCall(contacts, campaignId: campaignId, by: "campaign import \(campaignId.hex)")
            _ = try await store.insertCampaign(campaign)
            if campaign.status == .active { await scheduler.wake(nil) }
            return CampaignSummary(campaign)
        }
    }

    public func addSuppressions(_ numbers: [String], reason: String?, by: String) async throws -> SuppressionReport {
        try await OperatorErrorTranslation.run {
            try await suppressions.add(numbers, reason: reason, by: by)
        }
    }

    public func importSuppressions(text: String, name: String, reason: String?, dryRun: Bool, by: String) async throws -> SuppressionReport {
        try await OperatorErrorTranslation.run {
            try await suppressions.importFile(text, name: name, reason: reason, by: by, dryRun: dryRun)
        }
    }

    public func removeSuppression(_ number: String, reason: String?, by: String) async throws -> Suppression {
        try await OperatorErrorTranslation.run {
            try await suppressions.remove(number, reason: reason, by: by)
        }
    }

    public func listSuppressions(number: String?, includeRemoved: Bool, limit: Int) async throws -> SuppressionListing {
        try await OperatorErrorTranslation.run {
            try await suppressions.list(number: number, includeRemoved: includeRemoved, limit: limit)
        }
    }

    public func createAPIKey(name: String, scope: String, by: String) async throws -> CreatedAPIKey {
        try await OperatorErrorTranslation.run { try await apiKeys.create(name: name, scope: scope) }
    }

    public func listAPIKeys() async throws -> APIKeyListing {
        try await OperatorErrorTranslation.run { try await apiKeys.list() }
    }

    public func revokeAPIKey(nameOrPrefix: String, by: String) async throws -> APIKeyInfo {
        try await OperatorErrorTranslation.run { try await apiKeys.revoke(nameOrPrefix) }
    }

    /// A document that cannot be read is reported as what it is, with the field to fix: the
    /// engine sets such a campaign aside, and this is where the operator learns why.
    private func existing(_ id: ObjectId) async throws -> Campaign {
        let found: Campaign?
        do {
            found = try await store.campaign(id: id)
        } catch StoreError.badDocument(_, let path, let reason) {
            throw OperatorError(
                .invalidCampaign,
                "campaign \(id.hex) cannot be read, so it is set aside: "
                    + Campaign.unreadableReason(path: path, reason: reason) + ". Fix that field in the database, then resume it")
        }
        guard let campaign = found else { throw OperatorError(.notFound, "no campaign with id \(id.hex)") }
        return campaign
    }
}

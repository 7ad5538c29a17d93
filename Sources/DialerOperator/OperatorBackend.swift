import DialerCore

/// What the control socket acts on. The server parses and answers requests; a backend does the
/// work: `EngineOperatorBackend` (tests run it too, on an `InMemoryStore` with a fake
/// `SchedulerControl`). Failures are `OperatorError`s;
/// anything else is reported as `internal` (or `unavailable` for database outages).
public protocol OperatorBackend: Sendable {
    var instanceId: String { get }
    func listCampaigns(statuses: [CampaignStatus]?, limit: Int) async throws -> CampaignList
    func campaignDetail(id: ObjectId) async throws -> CampaignDetail
    /// Campaign actions. `by` names the actor as the transport knows it ("control uid 1000",
    /// "api-key:deploy-bot"); each action that takes effect is recorded with it, and
    /// `campaignDetail` lists the latest.
    func start(id: ObjectId, by: String) async throws -> CampaignSummary
    func pause(id: ObjectId, by: String) async throws -> CampaignSummary
    func resume(id: ObjectId, by: String) async throws -> CampaignSummary
    func stop(id: ObjectId, hangUp: Bool, by: String) async throws -> StopResult
    func engineStatus() async throws -> EngineStatus
    func drain() async throws -> DrainResult
    /// Progress of one campaign (`not_found` if unknown), or of every active and paused one.
    /// `cps` is left at 0: the watch stream computes it between snapshots.
    func progress(of id: ObjectId?) async throws -> [CampaignProgress]
    /// Inserts a validated bundle: its contacts, then the campaign that lists them.
    func importCampaign(_ bundle: CampaignBundle) async throws -> CampaignSummary
    /// Imports the campaign's sheet rows as contacts (idempotent).
    func sheetImport(id: ObjectId) async throws -> SheetImportReport
    /// Rebuilds the campaign's sheet result columns from the database.
    func sheetSync(id: ObjectId) async throws -> SheetSyncReport
    /// The suppression list (see `SuppressionOperations`); `by` names the caller, for the record.
    func addSuppressions(_ numbers: [String], reason: String?, by: String) async throws -> SuppressionReport
    func importSuppressions(text: String, name: String, reason: String?, dryRun: Bool, by: String) async throws -> SuppressionReport
    func removeSuppression(_ number: String, reason: String?, by: String) async throws -> Suppression
    func listSuppressions(number: String?, includeRemoved: Bool, limit: Int) async throws -> SuppressionListing
    /// API keys of the operator HTTP API (see `APIKeyOperations`); `by` names the caller, for the log.
    func createAPIKey(name: String, scope: String, by: String) async throws -> CreatedAPIKey
    func listAPIKeys() async throws -> APIKeyListing
    func revokeAPIKey(nameOrPrefix: String, by: String) async throws -> APIKeyInfo
}

extension OperatorBackend {
    /// Backends without a sheet sync answer clearly instead of failing to compile.
    public func sheetImport(id: ObjectId) async throws -> SheetImportReport {
        throw OperatorError(.unavailable, "sheets are not configured on this dialerd")
    }

    public func sheetSync(id: ObjectId) async throws -> SheetSyncReport {
        throw OperatorError(.unavailable, "sheets are not configured on this dialerd")
    }

    public func addSuppressions(_ numbers: [String], reason: String?, by: String) async throws -> SuppressionReport {
        throw OperatorError(.unavailable, "this dialerd keeps no suppression list")
    }

    public func importSuppressions(text: String, name: String, reason: String?, dryRun: Bool, by: String) async throws -> SuppressionReport {
        throw OperatorError(.unavailable, "this dialerd keeps no suppression list")
    }

    public func removeSuppression(_ number: String, reason: String?, by: String) async throws -> Suppression {
        throw OperatorError(.unavailable, "this dialerd keeps no suppression list")
    }

    public func listSuppressions(number: String?, includeRemoved: Bool, limit: Int) async throws -> SuppressionListing {
        throw OperatorError(.unavailable, "this dialerd keeps no suppression list")
    }

    public func createAPIKey(name: String, scope: String, by: String) async throws -> CreatedAPIKey {
        throw OperatorError(.unavailable, "this dialerd keeps no API keys")
    }

    public func listAPIKeys() async throws -> APIKeyListing {
        throw OperatorError(.unavailable, "this dialerd keeps no API keys")
    }

    public func revokeAPIKey(nameOrPrefix: String, by: String) async throws -> APIKeyInfo {
        throw OperatorError(.unavailable, "this dialerd keeps no API keys")
    }
}

import DialerCore
import Foundation

/// The whole store, with `interceptor` run around every operation and told what the answers of
/// leases and in-flight counts reveal.
public struct InterceptedStore<Interceptor: StoreInterceptor>: CampaignStore {
    public let base: any CampaignStore
    public let interceptor: Interceptor

    public init(_ base: any CampaignStore, interceptor: Interceptor) {
        self.base = base
        self.interceptor = interceptor
    }

    // MARK: CampaignRecords
    public nonisolated(nonsending) func insertCampaign(_ campaign: Campaign) async throws -> ObjectId {
        try await interceptor.intercept(.insertCampaign) { try await base.insertCampaign(campaign) }
    }
    public nonisolated(nonsending) func campaign(id: ObjectId) async throws -> Campaign? {
        try await interceptor.intercept(.campaign) { try await base.campaign(id: id) }
    }
    public nonisolated(nonsending) func campaignWithoutIdLists(id: ObjectId) async throws -> Campaign? {
        try await interceptor.intercept(.campaignWithoutIdLists) { try await base.campaignWithoutIdLists(id: id) }
    }
    public nonisolated(nonsending) func listCampaigns(statuses: [CampaignStatus]?, page: PageRequest) async throws -> Page<Campaign> {
        try await interceptor.intercept(.listCampaigns) { try await base.listCampaigns(statuses: statuses, page: page) }
    }
    public nonisolated(nonsending) func transitionCampaign(id: ObjectId, from: [CampaignStatus], to: CampaignStatus, now: Date) async throws
        -> Campaign?
    {
        try await interceptor.intercept(.transitionCampaign) { try await base.transitionCampaign(id: id, from: from, to: to, now: now) }
    }
    public nonisolated(nonsending) func setCampaignSchedule(id: ObjectId, nextExecution: Date?, lastExecuted: Date?, now: Date) async throws {
        try await interceptor.intercept(.setCampaignSchedule) {
            try await base.setCampaignSchedule(id: id, nextExecution: nextExecution, lastExecuted: lastExecuted, now: now)
        }
    }
    public nonisolated(nonsending) func pauseCampaigns(_ target: PauseTarget, reason: String, now: Date) async throws -> Int {
        try await interceptor.intercept(.pauseCampaigns) { try await base.pauseCampaigns(target, reason: reason, now: now) }
    }

    public nonisolated(nonsending) func setTotalContacts(id: ObjectId, _ total: Int, now: Date) async throws {
        try await interceptor.intercept(.setTotalContacts) { try await base.setTotalContacts(id: id, total, now: now) }
    }

    // MARK: CampaignLeases
    public nonisolated(nonsending) func dueCampaigns(now: Date, leasableBy owner: String, excluding: [ObjectId], limit: Int) async throws
        -> [Campaign]
    {
        try await interceptor.intercept(.dueCampaigns) {
            try await base.dueCampaigns(now: now, leasableBy: owner, excluding: excluding, limit: limit)
        }
    }
    public nonisolated(nonsending) func acquireCampaignLease(id: ObjectId, owner: String, now: Date, until: Date) async throws -> Campaign? {
        let leased = try await interceptor.intercept(.acquireCampaignLease) {
            try await base.acquireCampaignLease(id: id, owner: owner, now: now, until: until)
        }
        interceptor.observe(.lease(campaign: id, held: leased != nil))
        return leased
    }
    public nonisolated(nonsending) func releaseCampaignLease(id: ObjectId, owner: String) async throws {
        try await interceptor.intercept(.releaseCampaignLease) { try await base.releaseCampaignLease(id: id, owner: owner) }
        interceptor.observe(.leaseReleased(campaign: id))
    }

    // MARK: ContactRecords
    public nonisolated(nonsending) func insertContacts(_ contacts: [Contact]) async throws -> [ObjectId] {
        try await interceptor.intercept(.insertContacts) { try await base.insertContacts(contacts) }
    }
    public nonisolated(nonsending) func contact(id: ObjectId) async throws -> Contact? {
        try await interceptor.intercept(.contact) { try await base.contact(id: id) }
    }
    public nonisolated(nonsending) func updateContact(_ contact: Contact, now: Date) async throws -> Bool {
        try await interceptor.intercept(.updateContact) { try await base.updateContact(contact, now: now) }
    }
    public nonisolated(nonsending) func listContacts(_ filter: ContactFilter, campaign: Campaign?, page: PageRequest) async throws -> Page<Contact> {
        try await interceptor.intercept(.listContacts) { try await base.listContacts(filter, campaign: campaign, page: page) }
    }

    // MARK: DialProgressRecords
    public nonisolated(nonsending) func enroll(_ entries: [DialProgress]) async throws -> Int {
        try await interceptor.intercept(.enroll) { try await base.enroll(entries) }
    }
    public nonisolated(nonsending) func dialProgress(campaignId: ObjectId, contactId: ObjectId) async throws -> DialProgress? {
        try await interceptor.intercept(.dialProgress) { try await base.dialProgress(campaignId: campaignId, contactId: contactId) }
    }
    public nonisolated(nonsending) func dialStateCounts(campaignId: ObjectId) async throws -> [DialState: Int] {
        try await interceptor.intercept(.dialStateCounts) { try await base.dialStateCounts(campaignId: campaignId) }
    }
    public nonisolated(nonsending) func pendingTimeZones(campaignId: ObjectId) async throws -> [String?] {
        try await interceptor.intercept(.pendingTimeZones) { try await base.pendingTimeZones(campaignId: campaignId) }
    }
    public nonisolated(nonsending) func earliestRetry(campaignId: ObjectId) async throws -> Date? {
        try await interceptor.intercept(.earliestRetry) { try await base.earliestRetry(campaignId: campaignId) }
    }

    // MARK: DialingLedger
    public nonisolated(nonsending) func claimNextContact(_ request: ClaimRequest) async throws -> DialProgress? {
        try await interceptor.intercept(.claimNextContact) { try await base.claimNextContact(request) }
    }
    public nonisolated(nonsending) func admitCall(campaignId: ObjectId, owner: String, callId: ObjectId, now: Date) async throws -> Campaign? {
        try await interceptor.intercept(.admitCall) { try await base.admitCall(campaignId: campaignId, owner: owner, callId: callId, now: now) }
    }
    public nonisolated(nonsending) func beginContactCall(contactId: ObjectId, callId: ObjectId, at: Date) async throws -> Contact? {
        try await interceptor.intercept(.beginContactCall) { try await base.beginContactCall(contactId: contactId, callId: callId, at: at) }
    }
    public nonisolated(nonsending) func withdrawCall(campaignId: ObjectId, contactId: ObjectId, callId: ObjectId, now: Date) async throws {
        try await interceptor.intercept(.withdrawCall) {
            try await base.withdrawCall(campaignId: campaignId, contactId: contactId, callId: callId, now: now)
        }
    }
    public nonisolated(nonsending) func finishClaim(campaignId: ObjectId, contactId: ObjectId, attemptId: String, outcome: DialOutcome, now: Date)
        async throws -> Bool
    {
        try await interceptor.intercept(.finishClaim) {
            try await base.finishClaim(campaignId: campaignId, contactId: contactId, attemptId: attemptId, outcome: outcome, now: now)
        }
    }
    public nonisolated(nonsending) func setContactResult(contactId: ObjectId, lastCallResult: String?, nextAttemptAt: Date?, now: Date) async throws {
        try await interceptor.intercept(.setContactResult) {
            try await base.setContactResult(contactId: contactId, lastCallResult: lastCallResult, nextAttemptAt: nextAttemptAt, now: now)
        }
    }
    public nonisolated(nonsending) func incrementStats(campaignId: ObjectId, _ delta: StatsDelta, appendCallId: ObjectId?, now: Date) async throws {
        try await interceptor.intercept(.incrementStats) {
            try await base.incrementStats(campaignId: campaignId, delta, appendCallId: appendCallId, now: now)
        }
    }
    public nonisolated(nonsending) func completeCampaign(id: ObjectId, recount: CampaignStats, now: Date) async throws -> Bool {
        try await interceptor.intercept(.completeCampaign) { try await base.completeCampaign(id: id, recount: recount, now: now) }
    }

    // MARK: CallRecords
    public nonisolated(nonsending) func insertCall(_ call: Call) async throws -> ObjectId {
        try await interceptor.intercept(.insertCall) { try await base.insertCall(call) }
    }
    public nonisolated(nonsending) func call(_ key: CallKey) async throws -> Call? {
        try await interceptor.intercept(.call) { try await base.call(key) }
    }
    public nonisolated(nonsending) func advanceCall(_ key: CallKey, to status: CallStatus?, fields: CallFields, now: Date) async throws -> CallAdvance
    {
        try await interceptor.intercept(.advanceCall) { try await base.advanceCall(key, to: status, fields: fields, now: now) }
    }
    public nonisolated(nonsending) func listCalls(_ filter: CallFilter, sort: SortOrder, page: PageRequest) async throws -> Page<Call> {
        try await interceptor.intercept(.listCalls) { try await base.listCalls(filter, sort: sort, page: page) }
    }
    public nonisolated(nonsending) func countCalls(_ filter: CallFilter) async throws -> Int {
        try await interceptor.intercept(.countCalls) { try await base.countCalls(filter) }
    }
    public nonisolated(nonsending) func countInFlightCalls(campaignId: ObjectId) async throws -> Int {
        let count = try await interceptor.intercept(.countInFlightCalls) { try await base.countInFlightCalls(campaignId: campaignId) }
        interceptor.observe(.callsInFlight(campaign: campaignId, count: count))
        return count
    }

    // MARK: CallArtifacts
    public nonisolated(nonsending) func appendCallEvent(_ event: CallEvent) async throws -> Bool {
        try await interceptor.intercept(.appendCallEvent) { try await base.appendCallEvent(event) }
    }
    public nonisolated(nonsending) func callEvents(callSid: String) async throws -> [CallEvent] {
        try await interceptor.intercept(.callEvents) { try await base.callEvents(callSid: callSid) }
    }
    public nonisolated(nonsending) func upsertRecording(_ recording: Recording) async throws {
        try await interceptor.intercept(.upsertRecording) { try await base.upsertRecording(recording) }
    }
    public nonisolated(nonsending) func recordings(callSid: String) async throws -> [Recording] {
        try await interceptor.intercept(.recordings) { try await base.recordings(callSid: callSid) }
    }
    public nonisolated(nonsending) func upsertTranscript(_ transcript: Transcript) async throws {
        try await interceptor.intercept(.upsertTranscript) { try await base.upsertTranscript(transcript) }
    }
    public nonisolated(nonsending) func transcript(callSid: String) async throws -> Transcript? {
        try await interceptor.intercept(.transcript) { try await base.transcript(callSid: callSid) }
    }

    // MARK: RecoveryScans
    public nonisolated(nonsending) func staleClaims(olderThan: Date, after: ScanCursor?, limit: Int) async throws -> ScanPage<DialProgress> {
        try await interceptor.intercept(.staleClaims) { try await base.staleClaims(olderThan: olderThan, after: after, limit: limit) }
    }
    public nonisolated(nonsending) func staleCalls(olderThan: Date, after: ScanCursor?, limit: Int) async throws -> ScanPage<Call> {
        try await interceptor.intercept(.staleCalls) { try await base.staleCalls(olderThan: olderThan, after: after, limit: limit) }
    }

    // MARK: EventOutbox
    public nonisolated(nonsending) func enqueueDelivery(_ delivery: WebhookDelivery) async throws -> Bool {
        try await interceptor.intercept(.enqueueDelivery) { try await base.enqueueDelivery(delivery) }
    }
    public nonisolated(nonsending) func claimDelivery(now: Date, owner: String, leaseUntil: Date) async throws -> WebhookDelivery? {
        try await interceptor.intercept(.claimDelivery) { try await base.claimDelivery(now: now, owner: owner, leaseUntil: leaseUntil) }
    }
    public nonisolated(nonsending) func settleDelivery(key: String, claim: String, _ settlement: DeliverySettlement, now: Date) async throws -> Bool {
        try await interceptor.intercept(.settleDelivery) { try await base.settleDelivery(key: key, claim: claim, settlement, now: now) }
    }
    public nonisolated(nonsending) func withdrawDelivery(key: String) async throws {
        try await interceptor.intercept(.withdrawDelivery) { try await base.withdrawDelivery(key: key) }
    }
    public nonisolated(nonsending) func delivery(key: String) async throws -> WebhookDelivery? {
        try await interceptor.intercept(.delivery) { try await base.delivery(key: key) }
    }
    public nonisolated(nonsending) func nextDeliveryDue() async throws -> Date? {
        try await interceptor.intercept(.nextDeliveryDue) { try await base.nextDeliveryDue() }
    }

    // MARK: StoreHealth
    public nonisolated(nonsending) func ping() async throws {
        try await interceptor.intercept(.ping) { try await base.ping() }
    }

    // MARK: CampaignAuditLog
    public nonisolated(nonsending) func recordCampaignAction(_ action: CampaignAction) async throws {
        try await interceptor.intercept(.recordCampaignAction) { try await base.recordCampaignAction(action) }
    }
    public nonisolated(nonsending) func campaignActions(campaignId: ObjectId, limit: Int) async throws -> [CampaignAction] {
        try await interceptor.intercept(.campaignActions) { try await base.campaignActions(campaignId: campaignId, limit: limit) }
    }

    // MARK: SuppressionList
    public nonisolated(nonsending) func suppress(_ entries: [Suppression]) async throws -> [String] {
        try await interceptor.intercept(.suppress) { try await base.suppress(entries) }
    }
    public nonisolated(nonsending) func activeSuppression(phoneNumber: String) async throws -> Suppression? {
        try await interceptor.intercept(.activeSuppression) { try await base.activeSuppression(phoneNumber: phoneNumber) }
    }
    public nonisolated(nonsending) func suppressedNumbers(among phoneNumbers: [String]) async throws -> Set<String> {
        try await interceptor.intercept(.suppressedNumbers) { try await base.suppressedNumbers(among: phoneNumbers) }
    }
    public nonisolated(nonsending) func liftSuppression(phoneNumber: String, by: String, reason: String, now: Date) async throws -> Suppression? {
        try await interceptor.intercept(.liftSuppression) {
            try await base.liftSuppression(phoneNumber: phoneNumber, by: by, reason: reason, now: now)
        }
    }
    public nonisolated(nonsending) func listSuppressions(_ filter: SuppressionFilter, page: PageRequest) async throws -> Page<Suppression> {
        try await interceptor.intercept(.listSuppressions) { try await base.listSuppressions(filter, page: page) }
    }

    // MARK: APIKeyRecords
    public nonisolated(nonsending) func insertAPIKey(_ key: APIKey) async throws -> ObjectId {
        try await interceptor.intercept(.insertAPIKey) { try await base.insertAPIKey(key) }
    }
    public nonisolated(nonsending) func apiKey(hash: String) async throws -> APIKey? {
        try await interceptor.intercept(.apiKey) { try await base.apiKey(hash: hash) }
    }
    public nonisolated(nonsending) func listAPIKeys() async throws -> [APIKey] {
        try await interceptor.intercept(.listAPIKeys) { try await base.listAPIKeys() }
    }
    public nonisolated(nonsending) func revokeAPIKey(nameOrPrefix: String, now: Date) async throws -> APIKey? {
        try await interceptor.intercept(.revokeAPIKey) { try await base.revokeAPIKey(nameOrPrefix: nameOrPrefix, now: now) }
    }
    public nonisolated(nonsending) func recordAPIKeyUse(id: ObjectId, at: Date) async throws {
        try await interceptor.intercept(.recordAPIKeyUse) { try await base.recordAPIKeyUse(id: id, at: at) }
    }
}

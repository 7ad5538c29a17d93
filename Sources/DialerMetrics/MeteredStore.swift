import DialerCore
import DialerStore
import Foundation
import Metrics

/// A `CampaignStore` that counts every operation and failure of the store it wraps, times
/// claims, and keeps the gauges the store's answers already reveal (calls in flight per
/// campaign, leases held), so the engine needs no metric code of its own on these paths.
public struct MeteredStore: CampaignStore {
    public let base: any CampaignStore
    private let metrics: StoreMetrics
    private let engine: EngineMetrics

    public init(_ base: any CampaignStore, metrics: DialerMetrics) {
        self.base = base
        self.metrics = metrics.store
        self.engine = metrics.engine
    }

    @inline(__always)
    private nonisolated(nonsending) func meter<T>(_ operation: StoreOperation, _ body: nonisolated(nonsending) () async throws -> T) async throws -> T {
        metrics.operation(operation)
        do {
            return try await body()
        } catch {
            metrics.error(operation)
            throw error
        }
    }

    // MARK: Campaigns
    public nonisolated(nonsending) func insertCampaign(_ campaign: Campaign) async throws -> ObjectId { try await meter(.insertCampaign) { try await base.insertCampaign(campaign) } }
    public nonisolated(nonsending) func campaign(id: ObjectId) async throws -> Campaign? { try await meter(.campaign) { try await base.campaign(id: id) } }
    public nonisolated(nonsending) func campaignWithoutIdLists(id: ObjectId) async throws -> Campaign? {
        try await meter(.campaignWithoutIdLists) { try await base.campaignWithoutIdLists(id: id) }
    }
    public nonisolated(nonsending) func listCampaigns(statuses: [CampaignStatus]?, page: PageRequest) async throws -> Page<Campaign> {
        try await meter(.listCampaigns) { try await base.listCampaigns(statuses: statuses, page: page) }
    }
    public nonisolated(nonsending) func dueCampaigns(now: Date, leasableBy owner: String, excluding: [ObjectId], limit: Int) async throws -> [Campaign] {
        try await meter(.dueCampaigns) { try await base.dueCampaigns(now: now, leasableBy: owner, excluding: excluding, limit: limit) }
    }
    public nonisolated(nonsending) func acquireCampaignLease(id: ObjectId, owner: String, now: Date, until: Date) async throws -> Campaign? {
        let leased = try await meter(.acquireCampaignLease) { try await base.acquireCampaignLease(id: id, owner: owner, now: now, until: until) }
        // A refused renewal means the lease was lost (paused, stopped or taken over).
        engine.leaseHeld(id, leased != nil)
        return leased
    }
    public nonisolated(nonsending) func releaseCampaignLease(id: ObjectId, owner: String) async throws {
        try await meter(.releaseCampaignLease) { try await base.releaseCampaignLease(id: id, owner: owner) }
        engine.leaseHeld(id, false)
        // The engine releases a lease only when no call of the campaign is live.
        engine.forgetCampaign(id)
    }
    public nonisolated(nonsending) func transitionCampaign(id: ObjectId, from: [CampaignStatus], to: CampaignStatus, now: Date) async throws -> Campaign? {
        try await meter(.transitionCampaign) { try await base.transitionCampaign(id: id, from: from, to: to, now: now) }
    }
    public nonisolated(nonsending) func setCampaignSchedule(id: ObjectId, nextExecution: Date?, lastExecuted: Date?, now: Date) async throws {
        try await meter(.setCampaignSchedule) { try await base.setCampaignSchedule(id: id, nextExecution: nextExecution, lastExecuted: lastExecuted, now: now) }
    }
    public nonisolated(nonsending) func setTotalContacts(id: ObjectId, _ total: Int, now: Date) async throws {
        try await meter(.setTotalContacts) { try await base.setTotalContacts(id: id, total, now: now) }
    }
    public nonisolated(nonsending) func admitCall(campaignId: ObjectId, owner: String, callId: ObjectId, now: Date) async throws -> Campaign? {
        try await meter(.admitCall) { try await base.admitCall(campaignId: campaignId, owner: owner, callId: callId, now: now) }
    }
    public nonisolated(nonsending) func withdrawCall(campaignId: ObjectId, contactId: ObjectId, callId: ObjectId, now: Date) async throws {
        try await meter(.withdrawCall) { try await base.withdrawCall(campaignId: campaignId, contactId: contactId, callId: callId, now: now) }
    }
    public nonisolated(nonsending) func incrementStats(campaignId: ObjectId, _ delta: StatsDelta, appendCallId: ObjectId?, now: Date) async throws {
        try await meter(.incrementStats) { try await base.incrementStats(campaignId: campaignId, delta, appendCallId: appendCallId, now: now) }
    }
    public nonisolated(nonsending) func completeCampaign(id: ObjectId, recount: CampaignStats, now: Date) async throws -> Bool {
        try await meter(.completeCampaign) { try await base.completeCampaign(id: id, recount: recount, now: now) }
    }

    // MARK: Contacts
    public nonisolated(nonsending) func insertContacts(_ contacts: [Contact]) async throws -> [ObjectId] { try await meter(.insertContacts) { try await base.insertContacts(contacts) } }
    public nonisolated(nonsending) func contact(id: ObjectId) async throws -> Contact? { try await meter(.contact) { try await base.contact(id: id) } }
    public nonisolated(nonsending) func updateContact(_ contact: Contact, now: Date) async throws -> Bool { try await meter(.updateContact) { try await base.updateContact(contact, now: now) } }
    public nonisolated(nonsending) func listContacts(_ filter: ContactFilter, campaign: Campaign?, page: PageRequest) async throws -> Page<Contact> {
        try await meter(.listContacts) { try await base.listContacts(filter, campaign: campaign, page: page) }
    }
    public nonisolated(nonsending) func beginContactCall(contactId: ObjectId, callId: ObjectId, at: Date) async throws -> Contact? {
        try await meter(.beginContactCall) { try await base.beginContactCall(contactId: contactId, callId: callId, at: at) }
    }
    public nonisolated(nonsending) func setContactResult(contactId: ObjectId, lastCallResult: String?, nextAttemptAt: Date?, now: Date) async throws {
        try await meter(.setContactResult) { try await base.setContactResult(contactId: contactId, lastCallResult: lastCallResult, nextAttemptAt: nextAttemptAt, now: now) }
    }

    // MARK: Dialing progress
    public nonisolated(nonsending) func enroll(_ entries: [DialProgress]) async throws -> Int { try await meter(.enroll) { try await base.enroll(entries) } }
    public nonisolated(nonsending) func claimNextContact(_ request: ClaimRequest) async throws -> DialProgress? {
        let start = ContinuousClock.now
        defer { metrics.claimDuration.record(duration: start.duration(to: .now)) }
        return try await meter(.claimNextContact) { try await base.claimNextContact(request) }
    }
    public nonisolated(nonsending) func finishClaim(campaignId: ObjectId, contactId: ObjectId, attemptId: String, outcome: DialOutcome, now: Date) async throws -> Bool {
        try await meter(.finishClaim) { try await base.finishClaim(campaignId: campaignId, contactId: contactId, attemptId: attemptId, outcome: outcome, now: now) }
    }
    public nonisolated(nonsending) func dialProgress(campaignId: ObjectId, contactId: ObjectId) async throws -> DialProgress? {
        try await meter(.dialProgress) { try await base.dialProgress(campaignId: campaignId, contactId: contactId) }
    }
    public nonisolated(nonsending) func dialStateCounts(campaignId: ObjectId) async throws -> [DialState: Int] {
        try await meter(.dialStateCounts) { try await base.dialStateCounts(campaignId: campaignId) }
    }
    public nonisolated(nonsending) func pendingTimeZones(campaignId: ObjectId) async throws -> [String?] {
        try await meter(.pendingTimeZones) { try await base.pendingTimeZones(campaignId: campaignId) }
    }
    public nonisolated(nonsending) func staleClaims(olderThan: Date, after: ScanCursor?, limit: Int) async throws -> ScanPage<DialProgress> {
        try await meter(.staleClaims) { try await base.staleClaims(olderThan: olderThan, after: after, limit: limit) }
    }
    public nonisolated(nonsending) func earliestRetry(campaignId: ObjectId) async throws -> Date? { try await meter(.earliestRetry) { try await base.earliestRetry(campaignId: campaignId) } }

    // MARK: Calls
    public nonisolated(nonsending) func insertCall(_ call: Call) async throws -> ObjectId { try await meter(.insertCall) { try await base.insertCall(call) } }
    public nonisolated(nonsending) func call(_ key: CallKey) async throws -> Call? { try await meter(.call) { try await base.call(key) } }
    public nonisolated(nonsending) func advanceCall(_ key: CallKey, to status: CallStatus?, fields: CallFields, now: Date) async throws -> CallAdvance {
        try await meter(.advanceCall) { try await base.advanceCall(key, to: status, fields: fields, now: now) }
    }
    public nonisolated(nonsending) func listCalls(_ filter: CallFilter, sort: DialerStore.SortOrder, page: PageRequest) async throws -> Page<Call> {
        try await meter(.listCalls) { try await base.listCalls(filter, sort: sort, page: page) }
    }
    public nonisolated(nonsending) func countCalls(_ filter: CallFilter) async throws -> Int { try await meter(.countCalls) { try await base.countCalls(filter) } }
    public nonisolated(nonsending) func countInFlightCalls(campaignId: ObjectId) async throws -> Int {
        let count = try await meter(.countInFlightCalls) { try await base.countInFlightCalls(campaignId: campaignId) }
        // The engine counts live calls from the database before every step, so this is the freshest figure there is.
        engine.callsInFlight(campaign: campaignId, count)
        return count
    }
    public nonisolated(nonsending) func staleCalls(olderThan: Date, after: ScanCursor?, limit: Int) async throws -> ScanPage<Call> {
        try await meter(.staleCalls) { try await base.staleCalls(olderThan: olderThan, after: after, limit: limit) }
    }

    // MARK: Events, recordings, transcripts
    public nonisolated(nonsending) func appendCallEvent(_ event: CallEvent) async throws -> Bool { try await meter(.appendCallEvent) { try await base.appendCallEvent(event) } }
    public nonisolated(nonsending) func callEvents(callSid: String) async throws -> [CallEvent] { try await meter(.callEvents) { try await base.callEvents(callSid: callSid) } }
    public nonisolated(nonsending) func upsertRecording(_ recording: Recording) async throws { try await meter(.upsertRecording) { try await base.upsertRecording(recording) } }
    public nonisolated(nonsending) func recordings(callSid: String) async throws -> [Recording] { try await meter(.recordings) { try await base.recordings(callSid: callSid) } }
    public nonisolated(nonsending) func upsertTranscript(_ transcript: Transcript) async throws { try await meter(.upsertTranscript) { try await base.upsertTranscript(transcript) } }
    public nonisolated(nonsending) func transcript(callSid: String) async throws -> Transcript? { try await meter(.transcript) { try await base.transcript(callSid: callSid) } }

    // MARK: Health
    public nonisolated(nonsending) func ping() async throws { try await meter(.ping) { try await base.ping() } }
}

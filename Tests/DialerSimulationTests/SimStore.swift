import DialerCore
import DialerStore
import Foundation

/// The in-memory store with a scheduling point before every operation: the kernel may run any
/// other process there, as a real database's latency lets other work run between two writes,
/// and a crashed instance's next operation fails instead of reaching the store.
struct SimStore: CampaignStore {
    let base: InMemoryStore
    let kernel: SimKernel

    private func gate<T>(_ body: () async throws -> T) async throws -> T {
        try await kernel.yield()
        return try await body()
    }

    func insertCampaign(_ campaign: Campaign) async throws -> ObjectId {
        try await gate { try await base.insertCampaign(campaign) }
    }
    func campaign(id: ObjectId) async throws -> Campaign? {
        try await gate { try await base.campaign(id: id) }
    }
    func campaignWithoutIdLists(id: ObjectId) async throws -> Campaign? {
        try await gate { try await base.campaignWithoutIdLists(id: id) }
    }
    func listCampaigns(statuses: [CampaignStatus]?, page: PageRequest) async throws -> Page<Campaign> {
        try await gate { try await base.listCampaigns(statuses: statuses, page: page) }
    }
    func dueCampaigns(now: Date, leasableBy owner: String, excluding: [ObjectId], limit: Int) async throws -> [Campaign] {
        try await gate { try await base.dueCampaigns(now: now, leasableBy: owner, excluding: excluding, limit: limit) }
    }
    func acquireCampaignLease(id: ObjectId, owner: String, now: Date, until: Date) async throws -> Campaign? {
        try await gate { try await base.acquireCampaignLease(id: id, owner: owner, now: now, until: until) }
    }
    func releaseCampaignLease(id: ObjectId, owner: String) async throws {
        try await gate { try await base.releaseCampaignLease(id: id, owner: owner) }
    }
    func transitionCampaign(id: ObjectId, from: [CampaignStatus], to: CampaignStatus, now: Date) async throws -> Campaign? {
        try await gate { try await base.transitionCampaign(id: id, from: from, to: to, now: now) }
    }
    func setCampaignSchedule(id: ObjectId, nextExecution: Date?, lastExecuted: Date?, now: Date) async throws {
        try await gate { try await base.setCampaignSchedule(id: id, nextExecution: nextExecution, lastExecuted: lastExecuted, now: now) }
    }
    func setTotalContacts(id: ObjectId, _ total: Int, now: Date) async throws {
        try await gate { try await base.setTotalContacts(id: id, total, now: now) }
    }
    func admitCall(campaignId: ObjectId, owner: String, callId: ObjectId, now: Date) async throws -> Campaign? {
        try await gate { try await base.admitCall(campaignId: campaignId, owner: owner, callId: callId, now: now) }
    }
    func withdrawCall(campaignId: ObjectId, contactId: ObjectId, callId: ObjectId, now: Date) async throws {
        try await gate { try await base.withdrawCall(campaignId: campaignId, contactId: contactId, callId: callId, now: now) }
    }
    func incrementStats(campaignId: ObjectId, _ delta: StatsDelta, appendCallId: ObjectId?, now: Date) async throws {
        try await gate { try await base.incrementStats(campaignId: campaignId, delta, appendCallId: appendCallId, now: now) }
    }
    func completeCampaign(id: ObjectId, recount: CampaignStats, now: Date) async throws -> Bool {
        try await gate { try await base.completeCampaign(id: id, recount: recount, now: now) }
    }
    func insertContacts(_ contacts: [Contact]) async throws -> [ObjectId] {
        try await gate { try await base.insertContacts(contacts) }
    }
    func contact(id: ObjectId) async throws -> Contact? {
        try await gate { try await base.contact(id: id) }
    }
    func updateContact(_ contact: Contact, now: Date) async throws -> Bool {
        try await gate { try await base.updateContact(contact, now: now) }
    }
    func listContacts(_ filter: ContactFilter, campaign: Campaign?, page: PageRequest) async throws -> Page<Contact> {
        try await gate { try await base.listContacts(filter, campaign: campaign, page: page) }
    }
    func beginContactCall(contactId: ObjectId, callId: ObjectId, at: Date) async throws -> Contact? {
        try await gate { try await base.beginContactCall(contactId: contactId, callId: callId, at: at) }
    }
    func setContactResult(contactId: ObjectId, lastCallResult: String?, nextAttemptAt: Date?, now: Date) async throws {
        try await gate { try await base.setContactResult(contactId: contactId, lastCallResult: lastCallResult, nextAttemptAt: nextAttemptAt, now: now) }
    }
    func enroll(_ entries: [DialProgress]) async throws -> Int {
        try await gate { try await base.enroll(entries) }
    }
    func claimNextContact(_ request: ClaimRequest) async throws -> DialProgress? {
        try await gate { try await base.claimNextContact(request) }
    }
    func finishClaim(campaignId: ObjectId, contactId: ObjectId, attemptId: String, outcome: DialOutcome, now: Date) async throws -> Bool {
        try await gate { try await base.finishClaim(campaignId: campaignId, contactId: contactId, attemptId: attemptId, outcome: outcome, now: now) }
    }
    func dialProgress(campaignId: ObjectId, contactId: ObjectId) async throws -> DialProgress? {
        try await gate { try await base.dialProgress(campaignId: campaignId, contactId: contactId) }
    }
    func dialStateCounts(campaignId: ObjectId) async throws -> [DialState: Int] {
        try await gate { try await base.dialStateCounts(campaignId: campaignId) }
    }
    func pendingTimeZones(campaignId: ObjectId) async throws -> [String?] {
        try await gate { try await base.pendingTimeZones(campaignId: campaignId) }
    }
    func staleClaims(olderThan: Date, after: ScanCursor?, limit: Int) async throws -> ScanPage<DialProgress> {
        try await gate { try await base.staleClaims(olderThan: olderThan, after: after, limit: limit) }
    }
    func earliestRetry(campaignId: ObjectId) async throws -> Date? {
        try await gate { try await base.earliestRetry(campaignId: campaignId) }
    }
    func insertCall(_ call: Call) async throws -> ObjectId {
        try await gate { try await base.insertCall(call) }
    }
    func call(_ key: CallKey) async throws -> Call? {
        try await gate { try await base.call(key) }
    }
    func advanceCall(_ key: CallKey, to status: CallStatus?, fields: CallFields, now: Date) async throws -> CallAdvance {
        try await gate { try await base.advanceCall(key, to: status, fields: fields, now: now) }
    }
    func listCalls(_ filter: CallFilter, sort: DialerStore.SortOrder, page: PageRequest) async throws -> Page<Call> {
        try await gate { try await base.listCalls(filter, sort: sort, page: page) }
    }
    func countCalls(_ filter: CallFilter) async throws -> Int {
        try await gate { try await base.countCalls(filter) }
    }
    func countInFlightCalls(campaignId: ObjectId) async throws -> Int {
        try await gate { try await base.countInFlightCalls(campaignId: campaignId) }
    }
    func staleCalls(olderThan: Date, after: ScanCursor?, limit: Int) async throws -> ScanPage<Call> {
        try await gate { try await base.staleCalls(olderThan: olderThan, after: after, limit: limit) }
    }
    func appendCallEvent(_ event: CallEvent) async throws -> Bool {
        try await gate { try await base.appendCallEvent(event) }
    }
    func callEvents(callSid: String) async throws -> [CallEvent] {
        try await gate { try await base.callEvents(callSid: callSid) }
    }
    func upsertRecording(_ recording: Recording) async throws {
        try await gate { try await base.upsertRecording(recording) }
    }
    func recordings(callSid: String) async throws -> [Recording] {
        try await gate { try await base.recordings(callSid: callSid) }
    }
    func upsertTranscript(_ transcript: Transcript) async throws {
        try await gate { try await base.upsertTranscript(transcript) }
    }
    func transcript(callSid: String) async throws -> Transcript? {
        try await gate { try await base.transcript(callSid: callSid) }
    }
    func ping() async throws {
        try await gate { try await base.ping() }
    }
}

import DialerCore
import Foundation

/// Everything the engine, webhooks, control socket and sheet sync persist. Implementations:
/// `MongoStore` (production, libmongoc) and `InMemoryStore` (unit tests, benchmarks); both pass
/// the same contract suite. Every mutation is a single atomic operation on one document.
public protocol CampaignStore: Sendable {
    // MARK: Campaigns
    func insertCampaign(_ campaign: Campaign) async throws -> ObjectId
    func campaign(id: ObjectId) async throws -> Campaign?
    /// The campaign without `callIds` and `contactIds` (left empty), for readers of its settings
    /// on every call end: those lists grow with the campaign, and so would each such read.
    func campaignWithoutIdLists(id: ObjectId) async throws -> Campaign?
    func listCampaigns(statuses: [CampaignStatus]?, page: PageRequest) async throws -> Page<Campaign>
    /// Active campaigns whose `nextExecution` is due or missing and whose lease `owner` could
    /// take (free, expired, or its own), leaving out `excluding` (those it runs already): a page
    /// of campaigns the poller cannot start would hide the ones behind it.
    func dueCampaigns(now: Date, leasableBy owner: String, excluding: [ObjectId], limit: Int) async throws -> [Campaign]
    /// Takes or renews the lease of an active campaign: granted when it is free, expired, or already ours.
    func acquireCampaignLease(id: ObjectId, owner: String, now: Date, until: Date) async throws -> Campaign?
    func releaseCampaignLease(id: ObjectId, owner: String) async throws
    /// Compare-and-set on status; nil when the campaign is missing or not in one of `from`.
    func transitionCampaign(id: ObjectId, from: [CampaignStatus], to: CampaignStatus, now: Date) async throws -> Campaign?
    func setCampaignSchedule(id: ObjectId, nextExecution: Date?, lastExecuted: Date?, now: Date) async throws
    func setTotalContacts(id: ObjectId, _ total: Int, now: Date) async throws
    /// The gate before a provider request: only while the campaign is active and leased to
    /// `owner`, counts one placed call and appends its id, and returns the fresh campaign
    /// without `callIds` and `contactIds` (left empty). nil means paused, stopped or taken over:
    /// do not dial. The id lists are left out because they grow with the campaign: returned
    /// with every call, they made a call's reply, and its decoding, grow with the calls before it.
    func admitCall(campaignId: ObjectId, owner: String, callId: ObjectId, now: Date) async throws -> Campaign?
    /// Undoes `admitCall` and `beginContactCall` for an attempt that never reached the provider:
    /// each only if it had happened (the call id is in `callIds`), so it is exact and idempotent.
    func withdrawCall(campaignId: ObjectId, contactId: ObjectId, callId: ObjectId, now: Date) async throws
    /// `$inc` only. `appendCallId` is pushed onto `callIds` in the same update. A completed campaign's
    /// stats are a recount and no longer move: an `$inc` that arrives after completion was counted in it.
    func incrementStats(campaignId: ObjectId, _ delta: StatsDelta, appendCallId: ObjectId?, now: Date) async throws
    /// Active → completed in one update that also sets `lastExecuted`, clears `nextExecution` and
    /// replaces every call counter (not `totalContacts`) with `recount`. False if it was not active.
    func completeCampaign(id: ObjectId, recount: CampaignStats, now: Date) async throws -> Bool

    // MARK: Contacts
    func insertContacts(_ contacts: [Contact]) async throws -> [ObjectId]
    func contact(id: ObjectId) async throws -> Contact?
    /// Replaces a stored contact (matched by id); false when there is none.
    func updateContact(_ contact: Contact, now: Date) async throws -> Bool
    func listContacts(_ filter: ContactFilter, campaign: Campaign?, page: PageRequest) async throws -> Page<Contact>
    /// Only for an `active` contact: moves `lastContacted`, `callCount` and `callIds` together
    /// and returns the contact. nil when it is do-not-call, inactive or gone: do not dial.
    func beginContactCall(contactId: ObjectId, callId: ObjectId, at: Date) async throws -> Contact?
    func setContactResult(contactId: ObjectId, lastCallResult: String?, nextAttemptAt: Date?, now: Date) async throws

    // MARK: Dialing progress
    /// Creates missing progress documents; existing ones are left as they are. Returns how many were new.
    func enroll(_ entries: [DialProgress]) async throws -> Int
    /// Atomically picks the best due contact (priority descending, then createdAt) and marks it calling.
    func claimNextContact(_ request: ClaimRequest) async throws -> DialProgress?
    /// Ends the claim made for `attemptId`; false when the progress no longer belongs to that attempt.
    func finishClaim(campaignId: ObjectId, contactId: ObjectId, attemptId: String, outcome: DialOutcome, now: Date) async throws -> Bool
    func dialProgress(campaignId: ObjectId, contactId: ObjectId) async throws -> DialProgress?
    func dialStateCounts(campaignId: ObjectId) async throws -> [DialState: Int]
    /// Distinct time zones among contacts still to dial, for the calling-window filter.
    func pendingTimeZones(campaignId: ObjectId) async throws -> [String?]
    /// Claims still `calling` that were made before `olderThan`: reconciler input.
    func staleClaims(olderThan: Date, limit: Int) async throws -> [DialProgress]
    /// Earliest `nextAttemptAt` among retries, or nil.
    func earliestRetry(campaignId: ObjectId) async throws -> Date?

    // MARK: Calls
    /// The attempt-first insert: duplicate `attemptId` or `callSid` throws `.duplicateKey`.
    func insertCall(_ call: Call) async throws -> ObjectId
    func call(_ key: CallKey) async throws -> Call?
    /// Moves the status forward only, writing `fields` with it. Fields alone (nil status) always merge.
    func advanceCall(_ key: CallKey, to status: CallStatus?, fields: CallFields, now: Date) async throws -> CallAdvance
    func listCalls(_ filter: CallFilter, sort: SortOrder, page: PageRequest) async throws -> Page<Call>
    func countCalls(_ filter: CallFilter) async throws -> Int
    func countInFlightCalls(campaignId: ObjectId) async throws -> Int
    /// Non-terminal calls created before `olderThan`, oldest first: reconciler input.
    func staleCalls(olderThan: Date, limit: Int) async throws -> [Call]

    // MARK: Events, recordings, transcripts
    /// false when an event with the same key was already stored.
    func appendCallEvent(_ event: CallEvent) async throws -> Bool
    func callEvents(callSid: String) async throws -> [CallEvent]
    func upsertRecording(_ recording: Recording) async throws
    func recordings(callSid: String) async throws -> [Recording]
    func upsertTranscript(_ transcript: Transcript) async throws
    func transcript(callSid: String) async throws -> Transcript?

    // MARK: Health
    func ping() async throws
}

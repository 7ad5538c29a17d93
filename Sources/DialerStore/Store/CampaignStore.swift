import DialerCore
import Foundation

/// Everything the engine, webhooks, control socket and sheet sync persist. Implementations:
/// `MongoStore` (production, libmongoc) and `InMemoryStore` (unit tests, benchmarks); both pass
/// the same contract suite. Every mutation is a single atomic operation on one document.
///
/// Requirements are `nonisolated(nonsending)`: a store that never blocks (the in-memory one)
/// then runs on the caller's actor. As plain `async` requirements, each call from a runner on
/// the engine loop hopped to the generic executor and back: two loop enqueues per operation,
/// eleven operations per call. `MongoStore` keeps plain `async` methods, so its blocking driver
/// calls still leave the caller's executor.
public protocol CampaignStore: Sendable {
    // MARK: Campaigns
    nonisolated(nonsending) func insertCampaign(_ campaign: Campaign) async throws -> ObjectId
    nonisolated(nonsending) func campaign(id: ObjectId) async throws -> Campaign?
    /// The campaign without `callIds` and `contactIds` (left empty), for readers of its settings
    /// on every call end: those lists grow with the campaign, and so would each such read.
    nonisolated(nonsending) func campaignWithoutIdLists(id: ObjectId) async throws -> Campaign?
    nonisolated(nonsending) func listCampaigns(statuses: [CampaignStatus]?, page: PageRequest) async throws -> Page<Campaign>
    /// Active campaigns whose `nextExecution` is due or missing and whose lease `owner` could
    /// take (free, expired, or its own), leaving out `excluding` (those it runs already): a page
    /// of campaigns the poller cannot start would hide the ones behind it.
    ///
    /// Only campaigns fit to run are returned. Each document is read on its own; one that cannot
    /// be read, or breaks `Campaign.validate()`, is set aside in the same poll: paused, with
    /// `lastError` and `lastErrorAt` saying why. The set-aside is a compare-and-set on the fields
    /// judged, so a document an operator fixed meanwhile is left as it is. One bad document thus
    /// neither stops the poll for every other campaign nor runs with settings nobody allowed.
    nonisolated(nonsending) func dueCampaigns(now: Date, leasableBy owner: String, excluding: [ObjectId], limit: Int) async throws -> [Campaign]
    /// Takes or renews the lease of an active campaign: granted when it is free, expired, or already ours.
    nonisolated(nonsending) func acquireCampaignLease(id: ObjectId, owner: String, now: Date, until: Date) async throws -> Campaign?
    nonisolated(nonsending) func releaseCampaignLease(id: ObjectId, owner: String) async throws
    /// Compare-and-set on status; nil when the campaign is missing or not in one of `from`.
    /// Clears `lastError` and `lastErrorAt`: an operator's action supersedes a set-aside.
    nonisolated(nonsending) func transitionCampaign(id: ObjectId, from: [CampaignStatus], to: CampaignStatus, now: Date) async throws -> Campaign?
    nonisolated(nonsending) func setCampaignSchedule(id: ObjectId, nextExecution: Date?, lastExecuted: Date?, now: Date) async throws
    nonisolated(nonsending) func setTotalContacts(id: ObjectId, _ total: Int, now: Date) async throws
    /// The gate before a provider request: only while the campaign is active and leased to
    /// `owner`, counts one placed call and appends its id, and returns the fresh campaign
    /// without `callIds` and `contactIds` (left empty). nil means paused, stopped or taken over:
    /// do not dial. The id lists are left out because they grow with the campaign: returned
    /// with every call, they made a call's reply, and its decoding, grow with the calls before it.
    nonisolated(nonsending) func admitCall(campaignId: ObjectId, owner: String, callId: ObjectId, now: Date) async throws -> Campaign?
    /// Undoes `admitCall` and `beginContactCall` for an attempt that never reached the provider:
    /// each only if it had happened (the call id is in `callIds`), so it is exact and idempotent.
    nonisolated(nonsending) func withdrawCall(campaignId: ObjectId, contactId: ObjectId, callId: ObjectId, now: Date) async throws
    /// `$inc` only. `appendCallId` is pushed onto `callIds` in the same update. A completed campaign's
    /// stats are a recount and no longer move: an `$inc` that arrives after completion was counted in it.
    nonisolated(nonsending) func incrementStats(campaignId: ObjectId, _ delta: StatsDelta, appendCallId: ObjectId?, now: Date) async throws
    /// Active → completed in one update that also sets `lastExecuted`, clears `nextExecution` and
    /// replaces every call counter (not `totalContacts`) with `recount`. False if it was not active.
    nonisolated(nonsending) func completeCampaign(id: ObjectId, recount: CampaignStats, now: Date) async throws -> Bool

    // MARK: Contacts
    nonisolated(nonsending) func insertContacts(_ contacts: [Contact]) async throws -> [ObjectId]
    nonisolated(nonsending) func contact(id: ObjectId) async throws -> Contact?
    /// Replaces a stored contact (matched by id); false when there is none.
    nonisolated(nonsending) func updateContact(_ contact: Contact, now: Date) async throws -> Bool
    nonisolated(nonsending) func listContacts(_ filter: ContactFilter, campaign: Campaign?, page: PageRequest) async throws -> Page<Contact>
    /// Only for an `active` contact: moves `lastContacted`, `callCount` and `callIds` together
    /// and returns the contact. nil when it is do-not-call, inactive or gone: do not dial.
    nonisolated(nonsending) func beginContactCall(contactId: ObjectId, callId: ObjectId, at: Date) async throws -> Contact?
    nonisolated(nonsending) func setContactResult(contactId: ObjectId, lastCallResult: String?, nextAttemptAt: Date?, now: Date) async throws

    // MARK: Dialing progress
    /// Creates missing progress documents; existing ones are left as they are. Returns how many were new.
    nonisolated(nonsending) func enroll(_ entries: [DialProgress]) async throws -> Int
    /// Atomically picks the best due contact (priority descending, then createdAt) and marks it calling.
    nonisolated(nonsending) func claimNextContact(_ request: ClaimRequest) async throws -> DialProgress?
    /// Ends the claim made for `attemptId`; false when the progress no longer belongs to that attempt.
    nonisolated(nonsending) func finishClaim(campaignId: ObjectId, contactId: ObjectId, attemptId: String, outcome: DialOutcome, now: Date) async throws -> Bool
    nonisolated(nonsending) func dialProgress(campaignId: ObjectId, contactId: ObjectId) async throws -> DialProgress?
    nonisolated(nonsending) func dialStateCounts(campaignId: ObjectId) async throws -> [DialState: Int]
    /// Distinct time zones among contacts still to dial, for the calling-window filter.
    nonisolated(nonsending) func pendingTimeZones(campaignId: ObjectId) async throws -> [String?]
    /// Claims still `calling` that were made before `olderThan`: reconciler input. In (`claimedAt`,
    /// `_id`) order from `after` on; a document that cannot be read is reported in the page, not thrown.
    nonisolated(nonsending) func staleClaims(olderThan: Date, after: ScanCursor?, limit: Int) async throws -> ScanPage<DialProgress>
    /// Earliest `nextAttemptAt` among retries, or nil.
    nonisolated(nonsending) func earliestRetry(campaignId: ObjectId) async throws -> Date?

    // MARK: Calls
    /// The attempt-first insert: duplicate `attemptId` or `callSid` throws `.duplicateKey`.
    nonisolated(nonsending) func insertCall(_ call: Call) async throws -> ObjectId
    nonisolated(nonsending) func call(_ key: CallKey) async throws -> Call?
    /// Moves the status forward only, writing `fields` with it. Fields alone (nil status) always merge.
    nonisolated(nonsending) func advanceCall(_ key: CallKey, to status: CallStatus?, fields: CallFields, now: Date) async throws -> CallAdvance
    nonisolated(nonsending) func listCalls(_ filter: CallFilter, sort: SortOrder, page: PageRequest) async throws -> Page<Call>
    nonisolated(nonsending) func countCalls(_ filter: CallFilter) async throws -> Int
    nonisolated(nonsending) func countInFlightCalls(campaignId: ObjectId) async throws -> Int
    /// Non-terminal calls created before `olderThan`: reconciler input. In (`createdAt`, `_id`)
    /// order from `after` on; a document that cannot be read is reported in the page, not thrown.
    nonisolated(nonsending) func staleCalls(olderThan: Date, after: ScanCursor?, limit: Int) async throws -> ScanPage<Call>

    // MARK: Events, recordings, transcripts
    /// false when an event with the same key was already stored.
    nonisolated(nonsending) func appendCallEvent(_ event: CallEvent) async throws -> Bool
    nonisolated(nonsending) func callEvents(callSid: String) async throws -> [CallEvent]
    nonisolated(nonsending) func upsertRecording(_ recording: Recording) async throws
    nonisolated(nonsending) func recordings(callSid: String) async throws -> [Recording]
    nonisolated(nonsending) func upsertTranscript(_ transcript: Transcript) async throws
    nonisolated(nonsending) func transcript(callSid: String) async throws -> Transcript?

    // MARK: Health
    nonisolated(nonsending) func ping() async throws
}

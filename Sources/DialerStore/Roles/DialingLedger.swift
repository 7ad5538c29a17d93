import DialerCore
import Foundation

/// The writes one attempt makes, from claiming a contact to counting its end. Each is one atomic,
/// conditional update, so two instances (or a reconciler) racing on an attempt cannot both win.
public protocol DialingLedger: Sendable {
    /// Atomically picks the best due contact (priority descending, then createdAt) and marks it calling.
    nonisolated(nonsending) func claimNextContact(_ request: ClaimRequest) async throws -> DialProgress?
    /// The gate before a provider request: only while the campaign is active and leased to
    /// `owner`, counts one placed call and appends its id, and returns the fresh campaign
    /// without `callIds` and `contactIds` (left empty). nil means paused, stopped or taken over:
    /// do not dial. The id lists are left out because they grow with the campaign, and so would
    /// every call's reply and its decoding.
    nonisolated(nonsending) func admitCall(campaignId: ObjectId, owner: String, callId: ObjectId, now: Date) async throws -> Campaign?
    /// Only for an `active` contact: moves `lastContacted`, `callCount` and `callIds` together
    /// and returns the contact. nil when it is do-not-call, inactive or gone: do not dial.
    nonisolated(nonsending) func beginContactCall(contactId: ObjectId, callId: ObjectId, at: Date) async throws -> Contact?
    /// Undoes `admitCall` and `beginContactCall` for an attempt that never reached the provider:
    /// each only if it had happened (the call id is in `callIds`), so it is exact and idempotent.
    nonisolated(nonsending) func withdrawCall(campaignId: ObjectId, contactId: ObjectId, callId: ObjectId, now: Date) async throws
    /// Ends the claim made for `attemptId`; false when the progress no longer belongs to that attempt.
    nonisolated(nonsending) func finishClaim(campaignId: ObjectId, contactId: ObjectId, attemptId: String, outcome: DialOutcome, now: Date)
        async throws -> Bool
    nonisolated(nonsending) func setContactResult(contactId: ObjectId, lastCallResult: String?, nextAttemptAt: Date?, now: Date) async throws
    /// `$inc` only. `appendCallId` is pushed onto `callIds` in the same update. A completed campaign's
    /// stats are a recount and no longer move: an `$inc` that arrives after completion was counted in it.
    nonisolated(nonsending) func incrementStats(campaignId: ObjectId, _ delta: StatsDelta, appendCallId: ObjectId?, now: Date) async throws
    /// Active → completed in one update that also sets `lastExecuted`, clears `nextExecution` and
    /// replaces every call counter (not `totalContacts`) with `recount`. False if it was not active.
    nonisolated(nonsending) func completeCampaign(id: ObjectId, recount: CampaignStats, now: Date) async throws -> Bool
}

import DialerCore
import Foundation

/// An operator's writes on call documents beyond the engine's, and the export scan.
public protocol CallAdministration: Sendable {
    /// Deletes the call with this `callSid` only while its status is terminal, in one conditional
    /// delete, so a call that is live (or becomes live meanwhile) is never removed. The call's
    /// recordings, transcript and events stay, and so do the counts that already include it:
    /// the campaign's `stats`, and the contact's `callCount`, `callIds` and the campaign's
    /// `callIds`, which may then name a call that is gone. A delete removes one record; it does not
    /// rewrite history.
    nonisolated(nonsending) func deleteCall(callSid: String) async throws -> CallDeletion
    /// One page of the calls `filter` selects (its `after` is ignored) in (`createdAt`, `_id`) order
    /// after `after`, with no count: a caller streams every matching call page by page in constant
    /// memory, however many there are. A call created meanwhile with a later `createdAt` is included.
    nonisolated(nonsending) func scanCalls(_ filter: CallFilter, after: ScanCursor?, limit: Int) async throws -> ScanPage<Call>
}

public enum CallDeletion: Sendable, Equatable {
    case deleted
    /// The call is not terminal (`status` says where it stands); nothing changed.
    case live(CallStatus)
    case notFound
}

import DialerCore
import Foundation

/// The global suppression list (collection `suppressions`): numbers no campaign may dial. At most
/// one `active` entry per number (a unique index on `phoneNumber` over active entries); removed
/// entries stay as the list's history.
public protocol SuppressionList: Sendable {
    /// Adds each entry whose number has no active entry yet, and returns the numbers it added. A
    /// number already suppressed keeps its first entry, so its reason says why it was first suppressed.
    /// Idempotent: repeating it (a redelivered webhook, a re-run import) adds nothing.
    nonisolated(nonsending) func suppress(_ entries: [Suppression]) async throws -> [String]
    /// The active entry for an E.164 number. The runner asks it on every claim, after the claim.
    nonisolated(nonsending) func activeSuppression(phoneNumber: String) async throws -> Suppression?
    /// Which of `phoneNumbers` have an active entry: one query for a page of a campaign's members.
    nonisolated(nonsending) func suppressedNumbers(among phoneNumbers: [String]) async throws -> Set<String>
    /// Marks the number's active entry `removed`, recording who, when and why, in one update;
    /// nil when the number was not suppressed.
    nonisolated(nonsending) func liftSuppression(phoneNumber: String, by: String, reason: String, now: Date) async throws -> Suppression?
    /// Entries newest first.
    nonisolated(nonsending) func listSuppressions(_ filter: SuppressionFilter, page: PageRequest) async throws -> Page<Suppression>
}

public struct SuppressionFilter: Sendable, Equatable {
    /// nil: every status.
    public var statuses: [SuppressionStatus]?
    public var phoneNumber: String?

    public init(statuses: [SuppressionStatus]? = [.active], phoneNumber: String? = nil) {
        self.statuses = statuses
        self.phoneNumber = phoneNumber
    }

    public func matches(_ entry: Suppression) -> Bool {
        (statuses?.contains(entry.status) ?? true) && (phoneNumber.map { $0 == entry.phoneNumber } ?? true)
    }
}

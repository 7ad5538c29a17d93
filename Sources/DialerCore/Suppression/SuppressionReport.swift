import Foundation

/// What adding numbers to the suppression list did. Operator results: the control socket sends
/// them as they are, and so will the HTTP API.
public struct SuppressionReport: Codable, Sendable, Equatable {
    /// Numbers newly suppressed.
    public var added: [String]
    /// Numbers that were already on the list; their first entry (and its reason) is kept.
    public var alreadySuppressed: [String]
    /// Rows or arguments that were not numbers, skipped; the rest still counted.
    public var issues: [SuppressionFileIssue]
    /// Rows repeating a number given earlier in the same file.
    public var duplicates: Int
    public var dryRun: Bool

    public init(added: [String], alreadySuppressed: [String], issues: [SuppressionFileIssue], duplicates: Int = 0, dryRun: Bool = false) {
        self.added = added
        self.alreadySuppressed = alreadySuppressed
        self.issues = issues
        self.duplicates = duplicates
        self.dryRun = dryRun
    }
}

/// One page of the suppression list, newest first.
public struct SuppressionListing: Codable, Sendable, Equatable {
    public var suppressions: [Suppression]
    public var total: Int

    public init(suppressions: [Suppression], total: Int) {
        self.suppressions = suppressions
        self.total = total
    }
}

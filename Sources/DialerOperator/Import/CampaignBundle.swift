import DialerCore

/// A campaign and its contacts, read and validated from an example directory; not yet stored.
public struct CampaignBundle: Sendable, Equatable {
    public var campaign: Campaign
    /// In file order; ids and `campaignIds` are set when the bundle is stored.
    public var contacts: [Contact]
    public var warnings: [ImportIssue]

    public init(campaign: Campaign, contacts: [Contact], warnings: [ImportIssue] = []) {
        self.campaign = campaign
        self.contacts = contacts
        self.warnings = warnings
    }
}

/// Everything wrong with an import; nothing of it was stored.
public struct ImportIssues: Error, Sendable, Equatable {
    public var issues: [ImportIssue]

    public init(_ issues: [ImportIssue]) { self.issues = issues }

    public var operatorError: OperatorError {
        let first = issues.first.map { ": \($0)" } ?? ""
        let more = issues.count > 1 ? " (and \(issues.count - 1) more)" : ""
        return OperatorError(
            .invalidImport, "\(issues.count) problem\(issues.count == 1 ? "" : "s") in the import\(first)\(more); nothing was imported",
            issues: issues)
    }
}

public struct ImportResult: Codable, Sendable, Equatable {
    /// nil for a dry run, which inserts nothing.
    public var campaign: CampaignSummary?
    public var contacts: Int
    public var dryRun: Bool
    /// Accepted, but worth knowing: do-not-call contacts, contacts with no time zone.
    public var warnings: [ImportIssue]

    public init(campaign: CampaignSummary?, contacts: Int, dryRun: Bool, warnings: [ImportIssue]) {
        self.campaign = campaign
        self.contacts = contacts
        self.dryRun = dryRun
        self.warnings = warnings
    }
}

import DialerCore
import Foundation

/// The import's checks applied to one document at a time, for transports that create and edit
/// campaigns and contacts one by one (the HTTP API): the same field lists, decoding and rules as
/// `dialerctl import`, so a document gets the same verdict whichever way it arrives.
public enum DocumentChecks {
    /// The fields a campaign document may set (campaign.json's).
    public static var campaignFields: Set<String> { FieldRules.campaignFields }
    /// The fields a campaign's `settings` may set.
    public static var settingsFields: Set<String> { FieldRules.settingsFields }
    /// The fields a contact document may set (contacts.json's).
    public static var contactFields: Set<String> { FieldRules.contactFields }
    /// The campaign statuses a new campaign may have.
    public static var creatableStatuses: [CampaignStatus] { CampaignBundleLoader.importableStatuses }

    /// campaign.json's checks on one campaign object; `file` names the document in the issues.
    public static func campaign(json: String, file: String, now: Date) -> Result<Campaign, ImportIssues> {
        var issues: [ImportIssue] = []
        let campaign = CampaignFileReader(text: json, now: now).read(issues: &issues)
        guard let campaign, issues.isEmpty else { return .failure(ImportIssues(issues.map { renamed($0, file) })) }
        return .success(campaign)
    }

    /// contacts.json's checks on each record (a JSON object's text), in order: the contact, or its
    /// problems. A phone number already given by an earlier record is a problem of the later one,
    /// as a repeated line is in contacts.csv.
    public static func contacts(records: [String], file: String, now: Date) -> [Result<Contact, ImportIssues>] {
        var duplicates = DuplicateChecker()
        return records.enumerated().map { index, record in
            var issues: [ImportIssue] = []
            var warnings: [ImportIssue] = []
            let read = ContactsReader(file: file, campaign: nil, now: now).readJSON("[\(record)]", issues: &issues, warnings: &warnings)
            guard issues.isEmpty, let contact = read.first else { return .failure(ImportIssues(issues.map { renamed($0, file) })) }
            if let first = duplicates.firstLine(of: contact.phoneNumber, at: index) {
                return .failure(
                    ImportIssues([
                        ImportIssue(
                            file: file, line: nil, field: "phoneNumber",
                            message: "\(contact.phoneNumber) is already given by record \(first); a number appears once per import")
                    ]))
            }
            return .success(contact)
        }
    }

    /// Issues name the document the caller sent, not a line of a file it never wrote (nor the
    /// position `[0]` of the one-record array it was read as).
    private static func renamed(_ issue: ImportIssue, _ file: String) -> ImportIssue {
        ImportIssue(file: file, line: nil, field: issue.field == "[0]" ? nil : issue.field, message: issue.message)
    }
}

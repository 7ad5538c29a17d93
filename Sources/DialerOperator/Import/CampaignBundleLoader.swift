import DialerCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads an example directory's files (`campaign.json`, and `contacts.csv` or `contacts.json`),
/// checks every field, and returns the bundle, or every problem found, by file and line.
public enum CampaignBundleLoader {
    public static let campaignFile = "campaign.json"
    public static let csvFile = "contacts.csv"
    public static let jsonFile = "contacts.json"
    public static let fileNames = [campaignFile, csvFile, jsonFile]
    public static let importableStatuses: [CampaignStatus] = [.draft, .active]

    public static func load(files: [String: String], now: Date) -> Result<CampaignBundle, ImportIssues> {
        var issues: [ImportIssue] = []
        for name in files.keys where !fileNames.contains(name) {
            issues.append(ImportIssue(file: name, line: nil, message: "unexpected file; an import reads \(fileNames.joined(separator: ", "))"))
        }
        guard let campaignText = files[campaignFile] else {
            return .failure(
                ImportIssues(issues + [ImportIssue(file: campaignFile, line: nil, message: "missing: every import needs a campaign.json")]))
        }
        let campaign = CampaignFileReader(text: campaignText, now: now).read(issues: &issues)
        var contacts: [Contact] = []
        var warnings: [ImportIssue] = []
        switch (files[csvFile], files[jsonFile]) {
        case (nil, nil):
            issues.append(ImportIssue(file: csvFile, line: nil, message: "missing: add contacts.csv or contacts.json"))
        case (.some, .some):
            issues.append(ImportIssue(file: jsonFile, line: nil, message: "both contacts.csv and contacts.json are present; keep one"))
        case (let csv?, nil):
            contacts = ContactsReader(file: csvFile, campaign: campaign, now: now).readCSV(csv, issues: &issues, warnings: &warnings)
        case (nil, let json?):
            contacts = ContactsReader(file: jsonFile, campaign: campaign, now: now).readJSON(json, issues: &issues, warnings: &warnings)
        }
        guard issues.isEmpty, let campaign else { return .failure(ImportIssues(issues)) }
        return .success(CampaignBundle(campaign: campaign, contacts: contacts, warnings: warnings))
    }

    /// The largest import file. Transports size their requests to carry a bundle of such files
    /// (the control socket's request line is twice this).
    public static let maxFileBytes = 8 * 1024 * 1024

    /// The import files of a directory, as text; each must be a regular file (not a symbolic
    /// link) of at most `maxFileBytes`. Blocking: run it off the cooperative pool.
    public static func readDirectory(_ path: String) throws(ImportIssues) -> [String: String] {
        let directory = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            let code = errno
            let message =
                switch code {
                case ENOENT: "no such directory"
                case ENOTDIR: "not a directory"
                default: "cannot be opened: \(String(cString: strerror(code)))"
                }
            throw ImportIssues([ImportIssue(file: path, line: nil, message: message)])
        }
        defer { close(directory) }
        var files: [String: String] = [:]
        for name in fileNames {
            if let text = try ImportFileReader.contents(of: name, in: directory, limit: maxFileBytes) { files[name] = text }
        }
        return files
    }
}

/// campaign.json: one object, seed 001's campaign fields plus the engine's.
struct CampaignFileReader {
    let text: String
    let now: Date
    private var file: String { CampaignBundleLoader.campaignFile }

    func read(issues: inout [ImportIssue]) -> Campaign? {
        let root: LocatedJSON
        do {
            root = try LocatedJSONParser.parse(text)
        } catch {
            issues.append(ImportIssue(file: file, line: error.line, message: "invalid JSON at column \(error.column): \(error.message)"))
            return nil
        }
        guard let members = root.members else {
            issues.append(ImportIssue(file: file, line: root.line, message: "must be a JSON object"))
            return nil
        }
        let before = issues.count
        checkFields(members, allowed: FieldRules.campaignFields, ownedByLoader: FieldRules.campaignLoaderFields, prefix: "", issues: &issues)
        for (path, allowed) in [
            (["settings"], FieldRules.settingsFields), (["settings", "preDialCheck"], FieldRules.preDialCheckFields),
            (["callingWindow"], FieldRules.callingWindowFields), (["sheetInfo"], FieldRules.campaignSheetFields)
        ] {
            if let nested = root.node(at: path)?.members {
                checkFields(nested, allowed: allowed, ownedByLoader: [], prefix: path.joined(separator: ".") + ".", issues: &issues)
            }
        }
        for (key, allowed) in FieldRules.providerSettingsFields {
            if let nested = root.node(at: ["settings", key])?.members {
                checkFields(nested, allowed: allowed, ownedByLoader: [], prefix: "settings.\(key).", issues: &issues)
            }
        }
        var campaign: Campaign
        do {
            campaign = try OperatorJSON.decoder().decode(
                Campaign.self, from: root.objectData(keeping: FieldRules.campaignFields, source: Array(text.utf8)))
        } catch {
            let (path, message) = DecodingErrorText.describe(error)
            issues.append(
                ImportIssue(file: file, line: root.line(at: path), field: path.isEmpty ? nil : path.joined(separator: "."), message: message))
            return nil
        }
        for issue in campaign.validate() {
            issues.append(
                ImportIssue(
                    file: file, line: root.line(at: issue.path.split(separator: ".").map(String.init)), field: issue.path, message: issue.rule))
        }
        if campaign.status.isKnown, !CampaignBundleLoader.importableStatuses.contains(campaign.status) {
            issues.append(
                ImportIssue(
                    file: file, line: root.line(at: ["status"]), field: "status",
                    message: "an import creates a \"draft\" or \"active\" campaign, not \"\(campaign.status.rawValue)\""))
        }
        if let provider = campaign.provider, !provider.isKnown {
            issues.append(
                ImportIssue(
                    file: file, line: root.line(at: ["provider"]), field: "provider",
                    message:
                        "must be one of \(ProviderKind.knownCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), got \"\(provider.rawValue)\""
                ))
        }
        guard issues.count == before else { return nil }
        campaign.createdAt = now
        campaign.updatedAt = now
        return campaign
    }
}

/// Flags fields an import may not set: unknown ones, and ones the loader or engine own.
func checkFields(
    _ members: [LocatedJSON.Member], allowed: Set<String>, ownedByLoader: Set<String>, prefix: String,
    file: String = CampaignBundleLoader.campaignFile, issues: inout [ImportIssue]
) {
    var seen: Set<String> = []
    for member in members {
        if !seen.insert(member.key).inserted {
            issues.append(ImportIssue(file: file, line: member.line, field: prefix + member.key, message: "appears twice"))
        } else if ownedByLoader.contains(member.key) {
            issues.append(
                ImportIssue(file: file, line: member.line, field: prefix + member.key, message: "is set by the loader or the engine; remove it"))
        } else if !allowed.contains(member.key) {
            issues.append(
                ImportIssue(
                    file: file, line: member.line, field: prefix + member.key,
                    message: "unknown field; expected one of \(allowed.sorted().joined(separator: ", "))"))
        }
    }
}

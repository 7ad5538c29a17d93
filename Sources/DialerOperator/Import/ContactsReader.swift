import DialerCore
import Foundation

/// contacts.csv or contacts.json: one contact per record, each checked as the engine will use it.
struct ContactsReader {
    let file: String
    /// nil when campaign.json itself failed; contacts are still checked, without its default zone.
    let campaign: Campaign?
    let now: Date

    func readJSON(_ text: String, issues: inout [ImportIssue], warnings: inout [ImportIssue]) -> [Contact] {
        let root: LocatedJSON
        do {
            root = try LocatedJSONParser.parse(text)
        } catch {
            issues.append(ImportIssue(file: file, line: error.line, message: "invalid JSON at column \(error.column): \(error.message)"))
            return []
        }
        guard let elements = root.elements else {
            issues.append(ImportIssue(file: file, line: root.line, message: "must be a JSON array of contact objects"))
            return []
        }
        let bytes = Array(text.utf8)
        var contacts: [Contact] = []
        var checker = DuplicateChecker()
        for (index, element) in elements.enumerated() {
            guard let members = element.members else {
                issues.append(ImportIssue(file: file, line: element.line, field: "[\(index)]", message: "must be a contact object"))
                continue
            }
            let before = issues.count
            checkFields(
                members, allowed: FieldRules.contactFields, ownedByLoader: FieldRules.contactEngineFields, prefix: "",
                file: file, issues: &issues)
            if let sheet = element.node(at: ["sheetInfo"])?.members {
                checkFields(sheet, allowed: FieldRules.contactSheetFields, ownedByLoader: [], prefix: "sheetInfo.", file: file, issues: &issues)
            }
            let contact: Contact
            do {
                contact = try OperatorJSON.decoder().decode(Contact.self, from: element.objectData(keeping: FieldRules.contactFields, source: bytes))
            } catch {
                let (path, message) = DecodingErrorText.describe(error)
                issues.append(
                    ImportIssue(file: file, line: element.line(at: path), field: path.isEmpty ? nil : path.joined(separator: "."), message: message))
                continue
            }
            check(
                contact, line: { element.line(at: $0.split(separator: ".").map(String.init)) }, recordLine: element.line,
                checker: &checker, issues: &issues, warnings: &warnings)
            if issues.count == before { contacts.append(stamped(contact, order: index)) }
        }
        if elements.isEmpty { issues.append(ImportIssue(file: file, line: root.line, message: "has no contacts")) }
        return contacts
    }

    func readCSV(_ text: String, issues: inout [ImportIssue], warnings: inout [ImportIssue]) -> [Contact] {
        let records: [CSVTable.Record]
        do {
            records = try CSVTable.records(text).filter { !$0.isBlank }
        } catch {
            issues.append(ImportIssue(file: file, line: error.line, message: "invalid CSV: \(error.message)"))
            return []
        }
        guard let header = records.first else {
            issues.append(ImportIssue(file: file, line: 1, message: "is empty; the first row names the columns (phoneNumber, name, …)"))
            return []
        }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var headerOK = true
        for (index, column) in columns.enumerated() {
            if columns.firstIndex(of: column) != index {
                issues.append(ImportIssue(file: file, line: header.line, field: column, message: "column appears twice"))
                headerOK = false
            } else if !FieldRules.csvColumns.contains(column)
                && !(column.hasPrefix(FieldRules.csvCustomPrefix) && column.count > FieldRules.csvCustomPrefix.count)
            {
                issues.append(
                    ImportIssue(
                        file: file, line: header.line, field: column,
                        message: "unknown column; expected \(FieldRules.csvColumns.joined(separator: ", ")) or custom.<name>"))
                headerOK = false
            }
        }
        if !columns.contains("phoneNumber") {
            issues.append(ImportIssue(file: file, line: header.line, message: "needs a phoneNumber column"))
            headerOK = false
        }
        guard headerOK else { return [] }
        if records.count == 1 { issues.append(ImportIssue(file: file, line: header.line, message: "has no contacts below the header")) }

        var contacts: [Contact] = []
        var checker = DuplicateChecker()
        for (order, record) in records.dropFirst().enumerated() {
            guard record.fields.count == columns.count else {
                issues.append(
                    ImportIssue(
                        file: file, line: record.line,
                        message: "has \(record.fields.count) fields; the header has \(columns.count)"))
                continue
            }
            let before = issues.count
            var cells: [String: String] = [:]
            for (column, value) in zip(columns, record.fields) {
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { cells[column] = trimmed }
            }
            var priority = 0
            if let text = cells["priority"] {
                if let value = Int(text) {
                    priority = value
                } else {
                    issues.append(
                        ImportIssue(file: file, line: record.line, field: "priority", message: "must be a whole number from 0 to 10, got \"\(text)\"")
                    )
                }
            }
            var customFields: [String: JSONValue] = [:]
            for (column, value) in cells where column.hasPrefix(FieldRules.csvCustomPrefix) {
                customFields[String(column.dropFirst(FieldRules.csvCustomPrefix.count))] = .string(value)
            }
            if let zone = cells["timeZone"] { customFields["timeZone"] = .string(zone) }
            var contact = Contact(
                phoneNumber: cells["phoneNumber"] ?? "", name: cells["name"],
                status: cells["status"].map { ContactStatus(raw: $0) } ?? .active, priority: priority,
                customFields: customFields, now: now)
            contact.email = cells["email"]
            contact.notes = cells["notes"]
            contact.tags = (cells["tags"] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if cells["phoneNumber"] == nil {
                issues.append(ImportIssue(file: file, line: record.line, field: "phoneNumber", message: "is required"))
            } else {
                check(contact, line: { _ in record.line }, recordLine: record.line, checker: &checker, issues: &issues, warnings: &warnings)
            }
            if issues.count == before { contacts.append(stamped(contact, order: order)) }
        }
        return contacts
    }

    /// The checks both formats share, and the warnings about contacts the engine will skip.
    private func check(
        _ contact: Contact, line: (String) -> Int, recordLine: Int, checker: inout DuplicateChecker,
        issues: inout [ImportIssue], warnings: inout [ImportIssue]
    ) {
        for issue in contact.validate() {
            issues.append(ImportIssue(file: file, line: line(issue.path), field: issue.path, message: issue.rule))
        }
        if let email = contact.email, !email.isEmpty, !Self.looksLikeEmail(email) {
            issues.append(ImportIssue(file: file, line: line("email"), field: "email", message: "is not an email address: \"\(email)\""))
        }
        if let zone = contact.customFields["timeZone"]?.stringValue, TimeZone(identifier: zone) == nil {
            issues.append(
                ImportIssue(
                    file: file, line: line("customFields.timeZone"), field: "timeZone",
                    message: "must be an IANA time zone such as Australia/Sydney, got \"\(zone)\""))
        }
        if let first = checker.firstLine(of: contact.phoneNumber, at: recordLine) {
            issues.append(
                ImportIssue(
                    file: file, line: recordLine, field: "phoneNumber",
                    message: "\(contact.phoneNumber) is already listed on line \(first); a number appears once per campaign"))
        }
        if contact.status.isKnown, contact.status != .active {
            warnings.append(
                ImportIssue(
                    file: file, line: recordLine, field: "status",
                    message: "\(contact.phoneNumber) is \(contact.status.rawValue) and will be skipped, not called"))
        } else if case .unknown(let reason) = ContactTimeZone.resolve(
            phoneNumber: contact.phoneNumber, customFields: contact.customFields,
            campaignDefault: campaign?.defaultTimeZone),
            PhoneNumber(e164: contact.phoneNumber) != nil
        {
            warnings.append(ImportIssue(file: file, line: recordLine, message: "will be skipped: \(reason)"))
        }
    }

    /// File order breaks priority ties, as it would in a spreadsheet.
    private func stamped(_ contact: Contact, order: Int) -> Contact {
        var stamped = contact
        stamped.createdAt = now.addingTimeInterval(Double(order) / 1000)
        stamped.updatedAt = stamped.createdAt
        return stamped
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(where: \.isWhitespace)
    }
}

struct DuplicateChecker {
    private var lines: [String: Int] = [:]

    /// The line a number was first seen on, when this is a repeat.
    mutating func firstLine(of phone: String, at line: Int) -> Int? {
        if let first = lines[phone] { return first }
        lines[phone] = line
        return nil
    }
}

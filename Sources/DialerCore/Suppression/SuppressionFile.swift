import Foundation

/// A suppression list file: CSV, one number a row. A first row naming its columns is optional;
/// with one, the number is read from the column named `phoneNumber`, `phone`, `number` or `phone_number`
/// and an optional `reason` column gives each row its own reason. Without one, the first column is
/// the number. Numbers are normalized to E.164 (10-digit numbers are read as +1, as sheets are).
///
/// A row that is not a number is reported by its line and skipped; the other rows still count.
public struct SuppressionFile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var line: Int
        public var phoneNumber: String
        public var reason: String?

        public init(line: Int, phoneNumber: String, reason: String?) {
            self.line = line
            self.phoneNumber = phoneNumber
            self.reason = reason
        }
    }

    public var entries: [Entry]
    public var issues: [SuppressionFileIssue]
    /// Rows whose number an earlier row of the file already gave.
    public var duplicates: Int

    static let numberHeaders: Set<String> = ["phonenumber", "phone", "number", "phone_number", "phone number", "e164"]

    public static func parse(_ text: String) -> SuppressionFile {
        let records: [CSVTable.Record]
        do {
            records = try CSVTable.records(text).filter { !$0.isBlank }
        } catch {
            return SuppressionFile(entries: [], issues: [SuppressionFileIssue(line: error.line, message: error.message)], duplicates: 0)
        }
        var numberColumn = 0
        var reasonColumn: Int?
        var rows = records[...]
        if let header = records.first {
            let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            if let column = names.firstIndex(where: numberHeaders.contains) {
                numberColumn = column
                reasonColumn = names.firstIndex(of: "reason")
                rows = rows.dropFirst()
            }
        }
        var file = SuppressionFile(entries: [], issues: [], duplicates: 0)
        var seen: Set<String> = []
        for record in rows {
            let raw = numberColumn < record.fields.count ? record.fields[numberColumn] : ""
            guard let number = PhoneNormalizer.e164(raw) else {
                let shown = raw.trimmingCharacters(in: .whitespaces)
                file.issues.append(
                    SuppressionFileIssue(
                        line: record.line,
                        message: shown.isEmpty
                            ? "no phone number in column \(numberColumn + 1)"
                            : "\"\(shown.prefix(40))\" is not a phone number that can be read as E.164 (e.g. +14155550100)"))
                continue
            }
            guard seen.insert(number).inserted else {
                file.duplicates += 1
                continue
            }
            let reason = reasonColumn.flatMap { $0 < record.fields.count ? record.fields[$0].trimmingCharacters(in: .whitespaces) : nil }
            file.entries.append(Entry(line: record.line, phoneNumber: number, reason: reason?.isEmpty == false ? reason : nil))
        }
        return file
    }
}

/// A row of a suppression file that was skipped, by line: `list.csv:7: "12" is not a phone number …`.
public struct SuppressionFileIssue: Codable, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

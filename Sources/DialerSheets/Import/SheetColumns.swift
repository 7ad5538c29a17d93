import DialerCore

/// Which column holds what, read from the header row and the campaign's `sheetInfo`.
///
/// A `sheetInfo.*Column` names a header (case and surrounding spaces ignored) or, if no header
/// matches, column letters ("B"). Without `phoneColumn`, a header called phoneNumber, phone,
/// "phone number" or number is used; without `nameColumn`, one called name.
///
/// Result columns: the dialer writes `Call Status`, `Last Result`, `Attempts`, `Duration` and
/// `Summary`. Each goes to an existing header of that name; `sheetInfo.statusColumn` names the
/// status column instead. Missing ones are appended, in that order, after the last header
/// column (their header cells are written with the first results).
public struct SheetColumns: Sendable, Equatable {
    public static let resultHeaders = ["Call Status", "Last Result", "Attempts", "Duration", "Summary"]

    public var header: [String]
    /// 1-based column numbers.
    public var phone: Int
    public var name: Int?
    public var customMessage: Int?
    /// Call Status, Last Result, Attempts, Duration, Summary.
    public var results: [Int]
    /// Result columns this layout adds to the header.
    public var appendedHeaders: [(column: Int, title: String)]

    public static func == (a: SheetColumns, b: SheetColumns) -> Bool {
        a.header == b.header && a.phone == b.phone && a.name == b.name && a.results == b.results
    }

    public init(header rawHeader: [String], info: CampaignSheetInfo?) throws(SheetsError) {
        header = rawHeader.map { $0.trimmingCharacters(in: .whitespaces) }
        let header = self.header
        func find(_ wanted: String?) -> Int? {
            guard let wanted = wanted?.trimmingCharacters(in: .whitespaces), !wanted.isEmpty else { return nil }
            if let index = header.firstIndex(where: { $0.caseInsensitiveCompare(wanted) == .orderedSame }) { return index + 1 }
            return A1Notation.columnNumber(wanted)
        }
        func named(_ names: [String]) -> Int? {
            header.firstIndex { h in names.contains { h.caseInsensitiveCompare($0) == .orderedSame } }.map { $0 + 1 }
        }
        if let wanted = info?.phoneColumn, !wanted.isEmpty {
            guard let column = find(wanted) else {
                throw .badSheet(
                    "sheetInfo.phoneColumn \"\(wanted)\" is neither a header of the sheet nor column letters; headers: \(header.joined(separator: ", "))"
                )
            }
            phone = column
        } else if let column = named(["phoneNumber", "phone", "phone number", "number"]) {
            phone = column
        } else {
            throw .badSheet(
                "the header row has no phone column: set sheetInfo.phoneColumn, or name a column \"phoneNumber\"; headers: \(header.joined(separator: ", "))"
            )
        }
        name = find(info?.nameColumn) ?? named(["name"])
        customMessage = find(info?.customMessageColumn)
        var results: [Int] = []
        var appended: [(Int, String)] = []
        var next = max(header.count, header.lastIndex { !$0.isEmpty }.map { $0 + 1 } ?? 0) + 1
        for (index, title) in Self.resultHeaders.enumerated() {
            if index == 0, let status = find(info?.statusColumn) {
                results.append(status)
                if status > header.count || header[status - 1].isEmpty { appended.append((status, info?.statusColumn ?? title)) }
                next = max(next, status + 1)
            } else if let existing = named([title]) {
                results.append(existing)
            } else {
                results.append(next)
                appended.append((next, title))
                next += 1
            }
        }
        self.results = results
        appendedHeaders = appended
    }

    /// Columns that are neither the phone, the name, the custom message nor a result: they become `customFields`.
    public var customColumns: [(column: Int, title: String)] {
        header.enumerated().compactMap { index, title in
            let column = index + 1
            guard !title.isEmpty, column != phone, column != name, column != customMessage, !results.contains(column) else { return nil }
            return (column, title)
        }
    }
}

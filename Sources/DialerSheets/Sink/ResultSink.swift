import DialerCore

/// Where results are written: cell ranges of one spreadsheet, in one request.
/// Production: `GoogleSheetsResultSink` (`values:batchUpdate`); local default: `CSVResultSink`.
public protocol ResultSink: Sendable {
    /// Writes every range, all or nothing as far as the backend allows. `.rateLimited` means
    /// nothing was written and the caller should back off and resend.
    func write(spreadsheetId: String, _ data: [ValueRange]) async throws(SheetsError)
}

public struct GoogleSheetsResultSink: ResultSink {
    private let client: GoogleSheetsClient

    public init(client: GoogleSheetsClient) { self.client = client }

    public func write(spreadsheetId: String, _ data: [ValueRange]) async throws(SheetsError) {
        // RAW: a summary starting with "=" or "+" must stay text, never become a formula.
        try await client.batchUpdate(spreadsheetId: spreadsheetId, data: data, valueInputOption: "RAW")
    }
}

/// Applies the ranges to the CSV files, one read-modify-write per sheet. Serialised by the
/// actor, so two flushes never interleave on one file.
public actor CSVResultSink: ResultSink {
    private let files: CSVSheetFiles

    public init(files: CSVSheetFiles) { self.files = files }

    public func write(spreadsheetId: String, _ data: [ValueRange]) async throws(SheetsError) {
        var bySheet: [String: [(A1Range, [[String]])]] = [:]
        for item in data {
            guard let range = A1Range(parsing: item.range), range.startColumn != nil, range.startRow != nil else {
                throw .badSheet("cannot write to range \"\(item.range)\": it needs a start cell")
            }
            bySheet[range.sheet, default: []].append((range, item.values))
        }
        for (sheetName, writes) in bySheet {
            let sheet = SheetRef(spreadsheetId: spreadsheetId, sheetName: sheetName)
            var rows = try await files.read(sheet)
            for (range, values) in writes { SheetGrid.apply(values, at: range, to: &rows) }
            try await files.write(rows, to: sheet)
        }
    }
}

/// Cell-grid editing shared by the CSV sink and dialer-sim-like stores.
public enum SheetGrid {
    /// Writes `values` with their top-left at the range's start, growing the grid as needed.
    public static func apply(_ values: [[String]], at range: A1Range, to rows: inout [[String]]) {
        let top = (range.startRow ?? 1) - 1
        let left = (range.startColumn ?? 1) - 1
        for (r, line) in values.enumerated() {
            let rowIndex = top + r
            while rows.count <= rowIndex { rows.append([]) }
            for (c, value) in line.enumerated() {
                let column = left + c
                while rows[rowIndex].count <= column { rows[rowIndex].append("") }
                rows[rowIndex][column] = value
            }
        }
        // A CSV file is rectangular: pad every row to the widest.
        let width = rows.map(\.count).max() ?? 0
        for i in rows.indices where rows[i].count < width { rows[i] += Array(repeating: "", count: width - rows[i].count) }
    }
}

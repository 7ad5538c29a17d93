import DialerCore

/// What one contact's row shows. Nil fields are left as they are in the sheet; merging keeps
/// the newest value of each field, so a late summary does not erase the status and vice versa.
public struct RowResult: Sendable, Equatable {
    public var status: String?
    public var lastResult: String?
    public var attempts: Int?
    public var durationSeconds: Int?
    public var summary: String?

    public init(status: String? = nil, lastResult: String? = nil, attempts: Int? = nil, durationSeconds: Int? = nil, summary: String? = nil) {
        self.status = status
        self.lastResult = lastResult
        self.attempts = attempts
        self.durationSeconds = durationSeconds
        self.summary = summary
    }

    /// The status people read in the sheet, from the contact's dialing state.
    public static func statusText(_ state: DialState) -> String {
        switch state {
        case .retry: "retrying"
        case .calling: "calling"
        default: state.rawValue
        }
    }

    /// Cells in the order of `SheetColumns.resultHeaders`; nil leaves a cell alone.
    var cells: [String?] {
        [status, lastResult, attempts.map(String.init), durationSeconds.map(String.init), summary]
    }
}

/// A row's pending cells: column number → text.
typealias RowCells = [Int: String]

extension SheetColumns {
    func cells(for result: RowResult) -> RowCells {
        var out: RowCells = [:]
        for (column, value) in zip(results, result.cells) { if let value { out[column] = value } }
        return out
    }
}

enum RangeBuilder {
    /// One `ValueRange` per run of adjacent columns of a row, so cells between result columns
    /// (another of the user's columns) are never overwritten.
    static func ranges(sheet: String, row: Int, cells: RowCells) -> [ValueRange] {
        var out: [ValueRange] = []
        var run: [(Int, String)] = []
        func close() {
            guard let first = run.first, let last = run.last else { return }
            out.append(
                ValueRange(
                    range: A1Notation.range(sheet: sheet, fromColumn: first.0, toColumn: last.0, row: row),
                    values: [run.map(\.1)]))
            run.removeAll()
        }
        for (column, value) in cells.sorted(by: { $0.key < $1.key }) {
            if let last = run.last, last.0 + 1 != column { close() }
            run.append((column, value))
        }
        close()
        return out
    }
}

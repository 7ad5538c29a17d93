/// Google Sheets' A1 notation: column letters (1 → A, 27 → AA, 703 → AAA), quoted sheet names and
/// ranges. Shared by the sheet sync and dialer-sim, so both read ranges the same way.
public enum A1Notation {
    /// 1-based column number as letters: bijective base 26, so there is no zero digit.
    public static func columnLetters(_ column: Int) -> String {
        precondition(column >= 1, "columns are 1-based")
        var n = column
        var letters: [Character] = []
        while n > 0 {
            let remainder = (n - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + remainder))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }

    /// Letters (any case) as a 1-based column number; nil for anything else.
    public static func columnNumber(_ letters: some StringProtocol) -> Int? {
        guard !letters.isEmpty, letters.count <= 7 else { return nil }
        var n = 0
        for scalar in letters.unicodeScalars {
            let upper = scalar.value >= 97 && scalar.value <= 122 ? scalar.value - 32 : scalar.value
            guard upper >= 65, upper <= 90 else { return nil }
            n = n * 26 + Int(upper - 64)
        }
        return n
    }

    /// `Sheet1` stays bare; anything else is quoted, with `'` doubled: `'My Sheet'`, `'Bob''s'`.
    /// Quoting always would also be valid; bare names keep logs readable.
    public static func quotedSheetName(_ name: String) -> String {
        let bare =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy { ($0.value < 128 && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" }
            && !(name.first!.isNumber) && columnCellLike(name) == false
        return bare ? name : "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A name such as `A1` or `AB12` would read as a cell reference, so it must be quoted.
    private static func columnCellLike(_ name: String) -> Bool {
        let letters = name.prefix { $0.isLetter }
        let digits = name.dropFirst(letters.count)
        return !letters.isEmpty && letters.count <= 3 && (digits.isEmpty || digits.allSatisfy(\.isNumber))
    }

    /// `'My Sheet'!B7`
    public static func cell(sheet: String, column: Int, row: Int) -> String {
        "\(quotedSheetName(sheet))!\(columnLetters(column))\(row)"
    }

    /// `'My Sheet'!B7:F7`
    public static func range(sheet: String, fromColumn: Int, toColumn: Int, row: Int) -> String {
        fromColumn == toColumn
            ? cell(sheet: sheet, column: fromColumn, row: row)
            : "\(quotedSheetName(sheet))!\(columnLetters(fromColumn))\(row):\(columnLetters(toColumn))\(row)"
    }
}

/// A parsed A1 range: a sheet and an optional rectangle. Open ends (`A:C`, `A2:C`, a bare sheet)
/// are nil bounds.
public struct A1Range: Sendable, Equatable, CustomStringConvertible {
    public var sheet: String
    public var startColumn: Int?
    public var startRow: Int?
    public var endColumn: Int?
    public var endRow: Int?

    public init(sheet: String, startColumn: Int? = nil, startRow: Int? = nil, endColumn: Int? = nil, endRow: Int? = nil) {
        self.sheet = sheet
        self.startColumn = startColumn
        self.startRow = startRow
        self.endColumn = endColumn
        self.endRow = endRow
    }

    /// Parses `Sheet1`, `Sheet1!A1`, `'My Sheet'!A2:C`, `Sheet1!A:C`, `Sheet1!2:5`.
    /// `defaultSheet` serves a range without a sheet name (`A1:B2`).
    public init?(parsing text: String, defaultSheet: String? = nil) {
        var rest = Substring(text)
        var sheetName: String
        if rest.hasPrefix("'") {
            var name = ""
            var index = rest.index(after: rest.startIndex)
            var closed = false
            while index < rest.endIndex {
                let c = rest[index]
                if c == "'" {
                    let next = rest.index(after: index)
                    if next < rest.endIndex, rest[next] == "'" {
                        name.append("'")
                        index = rest.index(after: next)
                        continue
                    }
                    closed = true
                    index = next
                    break
                }
                name.append(c)
                index = rest.index(after: index)
            }
            guard closed, !name.isEmpty else { return nil }
            sheetName = name
            rest = rest[index...]
            if rest.isEmpty {
                self.init(sheet: sheetName)
                return
            }
            guard rest.first == "!" else { return nil }
            rest = rest.dropFirst()
        } else if let bang = rest.lastIndex(of: "!") {
            sheetName = String(rest[..<bang])
            rest = rest[rest.index(after: bang)...]
            guard !sheetName.isEmpty else { return nil }
        } else if let defaultSheet, Self.parseCells(rest) != nil {
            sheetName = defaultSheet
        } else {
            guard !rest.isEmpty else { return nil }
            self.init(sheet: String(rest))
            return
        }
        guard let cells = Self.parseCells(rest) else { return nil }
        self.init(sheet: sheetName, startColumn: cells.0.column, startRow: cells.0.row, endColumn: cells.1.column, endRow: cells.1.row)
    }

    private static func parseCells(_ text: Substring) -> ((column: Int?, row: Int?), (column: Int?, row: Int?))? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        guard let first = parseRef(parts[0]) else { return nil }
        if parts.count == 1 { return (first, first) }
        guard let second = parseRef(parts[1]) else { return nil }
        return (first, second)
    }

    private static func parseRef(_ text: Substring) -> (column: Int?, row: Int?)? {
        let letters = text.prefix { $0.isLetter }
        let digits = text.dropFirst(letters.count)
        guard !(letters.isEmpty && digits.isEmpty), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let column = letters.isEmpty ? nil : A1Notation.columnNumber(letters)
        if !letters.isEmpty && column == nil { return nil }
        let row = digits.isEmpty ? nil : Int(digits)
        if let row, row < 1 { return nil }
        return (column, row)
    }

    public var description: String {
        var text = A1Notation.quotedSheetName(sheet)
        guard startColumn != nil || startRow != nil else { return text }
        func ref(_ c: Int?, _ r: Int?) -> String { (c.map(A1Notation.columnLetters) ?? "") + (r.map(String.init) ?? "") }
        text += "!" + ref(startColumn, startRow)
        if (endColumn != nil || endRow != nil) && (endColumn != startColumn || endRow != startRow) { text += ":" + ref(endColumn, endRow) }
        return text
    }
}

/// RFC 4180 CSV as a grid of strings, for sheet-shaped data (a spreadsheet exported or mirrored
/// as a file, dialer-sim's seeded sheets). Quoted fields may hold commas, quotes and newlines.
public enum CSVTable {
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public static func parse(_ text: String) throws(SyntaxError) -> [[String]] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1
        var index = 0
        var sawAny = false
        while index < bytes.count {
            let byte = bytes[index]
            sawAny = true
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") { field.append(byte); index += 2; continue }
                    inQuotes = false
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll()
            case UInt8(ascii: "\""):
                guard field.isEmpty else { throw SyntaxError(line: line, message: "a quote inside an unquoted field") }
                inQuotes = true
            case 0x0D, 0x0A:
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll()
                rows.append(row)
                row.removeAll()
                sawAny = false
                line += 1
            default:
                field.append(byte)
            }
            index += 1
        }
        if inQuotes { throw SyntaxError(line: line, message: "a quoted field is never closed") }
        if sawAny || !field.isEmpty || !row.isEmpty {
            row.append(String(decoding: field, as: UTF8.self))
            rows.append(row)
        }
        return rows
    }

    /// Quotes only the fields that need it; rows end with CRLF as RFC 4180 says.
    public static func format(_ rows: [[String]]) -> String {
        rows.map { row in
            row.map { field in
                field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",")
        }.joined(separator: "\r\n") + (rows.isEmpty ? "" : "\r\n")
    }
}

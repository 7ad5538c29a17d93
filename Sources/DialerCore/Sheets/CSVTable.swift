/// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. The one parser for
/// contact files (`dialerctl import`) and sheet-shaped data (CSV sheets, dialer-sim's seeds).
public enum CSVTable {
    /// One row, with the line it starts on, so problems can be reported by line.
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]

        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }

        /// An empty line: one field of nothing but whitespace.
        public var isBlank: Bool { fields.count == 1 && fields[0].allSatisfy(\.isWhitespace) }
    }

    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// Every row as a grid, blank rows kept: in a sheet, a row's position is its identity.
    public static func parse(_ text: String) throws(SyntaxError) -> [[String]] {
        try records(text).map(\.fields)
    }

    /// Every record, blank ones included; whitespace around a quoted field is ignored.
    public static func records(_ text: String) throws(SyntaxError) -> [Record] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = 0
        var inQuotes = false
        var quotedFieldLine = 1
        var fieldWasQuoted = false

        func endRecord() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll()
            fieldWasQuoted = false
            records.append(Record(line: recordLine, fields: fields))
            fields.removeAll()
        }

        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 2
                        continue
                    }
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
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll()
                fieldWasQuoted = false
            case UInt8(ascii: "\""):
                guard field.allSatisfy({ $0 == 0x20 || $0 == 0x09 }), !fieldWasQuoted else {
                    throw SyntaxError(line: line, message: "a quote inside an unquoted field; quote the whole field and double the quote (\"\")")
                }
                field.removeAll()
                inQuotes = true
                fieldWasQuoted = true
                quotedFieldLine = line
            case 0x0D, 0x0A:
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            default:
                if fieldWasQuoted, byte != 0x20, byte != 0x09 {
                    throw SyntaxError(line: line, message: "text after a closing quote; separate fields with commas")
                }
                if !fieldWasQuoted { field.append(byte) }
            }
            index += 1
        }
        if inQuotes { throw SyntaxError(line: quotedFieldLine, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
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

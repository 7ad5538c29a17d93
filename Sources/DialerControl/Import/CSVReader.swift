/// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. Each record keeps the
/// line it starts on, so problems can be reported by line.
struct CSVRecord: Sendable, Equatable {
    var line: Int
    var fields: [String]
}

struct CSVSyntaxError: Error, Equatable {
    var line: Int
    var message: String
}

enum CSVReader {
    static func records(_ text: String) throws(CSVSyntaxError) -> [CSVRecord] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var records: [CSVRecord] = []
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
            let blank = fields.count == 1 && fields[0].allSatisfy(\.isWhitespace)
            if !blank { records.append(CSVRecord(line: recordLine, fields: fields)) }
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
                    throw CSVSyntaxError(line: line, message: "a quote inside an unquoted field; quote the whole field and double the quote (\"\")")
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
                    throw CSVSyntaxError(line: line, message: "text after a closing quote; separate fields with commas")
                }
                if !fieldWasQuoted { field.append(byte) }
            }
            index += 1
        }
        if inQuotes { throw CSVSyntaxError(line: quotedFieldLine, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}

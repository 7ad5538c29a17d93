import Foundation

/// A JSON document parsed with the line of every value, so import problems can name the line
/// they are on. Values keep their byte range, so a record can be handed to `JSONDecoder` as is.
struct LocatedJSON: Sendable {
    enum Value: Sendable {
        case object([Member])
        case array([LocatedJSON])
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    struct Member: Sendable {
        var key: String
        var line: Int
        var value: LocatedJSON
    }

    var value: Value
    var line: Int
    var range: Range<Int>

    var members: [Member]? {
        if case .object(let members) = value { return members }
        return nil
    }

    var elements: [LocatedJSON]? {
        if case .array(let elements) = value { return elements }
        return nil
    }

    /// This object with only the `keeping` members, as JSON, so that fields already reported
    /// (unknown, or owned by the engine) do not stop the rest from being decoded and checked.
    func objectData(keeping keys: Set<String>, source: [UInt8]) -> Data {
        var data = Data("{".utf8)
        for (index, member) in (members ?? []).filter({ keys.contains($0.key) }).enumerated() {
            if index > 0 { data.append(UInt8(ascii: ",")) }
            data.append(contentsOf: Array("\"\(member.key)\":".utf8))
            data.append(contentsOf: source[member.value.range])
        }
        data.append(UInt8(ascii: "}"))
        return data
    }

    /// The value at a dotted path such as `settings.callDelay` or `callingWindow.days.mon.0.start`.
    func node(at path: [String]) -> LocatedJSON? {
        guard let head = path.first else { return self }
        switch value {
        case .object(let members):
            return members.last { $0.key == head }?.value.node(at: Array(path.dropFirst()))
        case .array(let elements):
            guard let index = Int(head), elements.indices.contains(index) else { return nil }
            return elements[index].node(at: Array(path.dropFirst()))
        default:
            return nil
        }
    }

    /// The line of the deepest value along `path` that exists: the field itself, or the record.
    func line(at path: [String]) -> Int {
        var node = self
        for component in path {
            guard let next = node.node(at: [component]) else { break }
            node = next
        }
        return node.line
    }
}

struct JSONSyntaxError: Error, Equatable {
    var line: Int
    var column: Int
    var message: String
}

struct LocatedJSONParser {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private static let maxDepth = 64

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    static func parse(_ text: String) throws(JSONSyntaxError) -> LocatedJSON {
        var parser = LocatedJSONParser(Array(text.utf8))
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index < parser.bytes.count { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    var bytesView: [UInt8] { bytes }

    private func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(line: line, column: index - lineStart + 1, message: message)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current {
            switch byte {
            case 0x0A:
                line += 1
                index += 1
                lineStart = index
            case 0x20, 0x09, 0x0D:
                index += 1
            default:
                return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> LocatedJSON {
        guard depth < Self.maxDepth else { throw error("nested too deeply") }
        guard let byte = current else { throw error("unexpected end of file: a value is missing") }
        let start = index
        let startLine = line
        let value: LocatedJSON.Value
        switch byte {
        case UInt8(ascii: "{"): value = .object(try parseObject(depth: depth))
        case UInt8(ascii: "["): value = .array(try parseArray(depth: depth))
        case UInt8(ascii: "\""): value = .string(try parseString())
        case UInt8(ascii: "t"):
            try literal("true")
            value = .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            value = .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            value = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(try parseNumber())
        default: throw error("unexpected character '\(Character(Unicode.Scalar(byte)))'")
        }
        return LocatedJSON(value: value, line: startLine, range: start..<index)
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> [LocatedJSON.Member] {
        index += 1
        var members: [LocatedJSON.Member] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return members
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
            let keyLine = line
            let key = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after the key \"\(key)\"") }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth + 1)
            members.append(.init(key: key, line: keyLine, value: value))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return members
            default: throw error("expected ',' or '}' after the value of \"\(key)\"")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> [LocatedJSON] {
        index += 1
        var elements: [LocatedJSON] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return elements
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return elements
            default: throw error("expected ',' or ']' in the array")
            }
        }
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw error("expected \(word)")
        }
        index += expected.count
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        func digits(_ parser: inout LocatedJSONParser) -> Int {
            var count = 0
            while let byte = parser.current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                parser.index += 1
                count += 1
            }
            return count
        }
        if current == UInt8(ascii: "-") { index += 1 }
        guard digits(&self) > 0 else { throw error("a number needs digits") }
        if current == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw error("a number needs digits after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw error("a number needs digits in its exponent") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1
        var out: [UInt8] = []
        while true {
            guard let byte = current else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard let escape = current else { throw error("unterminated string") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), bytes.count - index >= 6,
                        bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
                }
            case 0x00..<0x20:
                throw error(byte == 0x0A ? "unterminated string (a newline inside quotes)" : "control character in a string")
            default:
                out.append(byte)
                index += 1
            }
        }
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - index >= 4, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
            throw error("\\u needs four hex digits")
        }
        index += 4
        return value
    }
}

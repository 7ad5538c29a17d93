import DialerCore
import DialerOperator

/// Typed access to a request's `args`. Every key must be read; `finish()` refuses the rest, so a
/// typo such as "hangup" fails loudly instead of being ignored.
struct ArgumentReader {
    private let command: String
    private let args: [String: JSONValue]
    private var read: Set<String> = []

    init(command: String, args: [String: JSONValue]) {
        self.command = command
        self.args = args
    }

    private mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = args[key], value != .null else { return nil }
        return value
    }

    private func bad(_ message: String) -> OperatorError { OperatorError(.badArgs, "\(command): \(message)") }

    mutating func campaignId(_ key: String = "id") throws(OperatorError) -> ObjectId {
        guard let id = try optionalCampaignId(key) else { throw bad("\"\(key)\" is required: the campaign id (24 hex digits)") }
        return id
    }

    mutating func optionalCampaignId(_ key: String = "id") throws(OperatorError) -> ObjectId? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value, let id = ObjectId(hex: text) else {
            throw bad("\"\(key)\" must be a campaign id of 24 hex digits, got \(Self.show(value))")
        }
        return id
    }

    mutating func bool(_ key: String) throws(OperatorError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw bad("\"\(key)\" must be true or false, got \(Self.show(value))") }
        return flag
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>) throws(OperatorError) -> Int? {
        guard let value = value(key) else { return nil }
        guard case .int(let number) = value, range.contains(Int(number)) else {
            throw bad("\"\(key)\" must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(Self.show(value))")
        }
        return Int(number)
    }

    mutating func string(_ key: String) throws(OperatorError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value, !text.isEmpty else { throw bad("\"\(key)\" must be a non-empty string, got \(Self.show(value))") }
        return text
    }

    /// A string or an array of strings.
    mutating func strings(_ key: String) throws(OperatorError) -> [String]? {
        guard let value = value(key) else { return nil }
        switch value {
        case .string(let text): return [text]
        case .array(let items):
            var texts: [String] = []
            for item in items {
                guard case .string(let text) = item else { throw bad("\"\(key)\" must be a string or an array of strings") }
                texts.append(text)
            }
            return texts
        default: throw bad("\"\(key)\" must be a string or an array of strings, got \(Self.show(value))")
        }
    }

    /// An object whose values are all strings.
    mutating func stringMap(_ key: String) throws(OperatorError) -> [String: String]? {
        guard let value = value(key) else { return nil }
        guard case .object(let object) = value else { throw bad("\"\(key)\" must be an object of file name to file text") }
        var map: [String: String] = [:]
        for (name, item) in object {
            guard case .string(let text) = item else { throw bad("\"\(key).\(name)\" must be a string") }
            map[name] = text
        }
        return map
    }

    func finish() throws(OperatorError) {
        let unknown = Set(args.keys).subtracting(read).sorted()
        guard unknown.isEmpty else {
            let expected = read.isEmpty ? "it takes no arguments" : "expected \(read.sorted().joined(separator: ", "))"
            throw bad("unknown argument\(unknown.count == 1 ? "" : "s") \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")); \(expected)")
        }
    }

    private static func show(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): "\"\(s.prefix(60))\""
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): String(b)
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        case .date(let d): "\(d)"
        }
    }
}

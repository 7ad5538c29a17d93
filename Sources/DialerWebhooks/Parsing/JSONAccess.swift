import DialerCore
import Foundation

/// Tolerant reading of provider JSON: unknown fields are ignored and a field of an unexpected
/// type reads as absent rather than failing the whole callback.
extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// Follows `path` through nested objects.
    func at(_ path: String...) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A string, or a number written as its decimal text: ids sometimes arrive as numbers.
    var text: String? {
        switch self {
        case .string(let text): text
        case .int(let n): String(n)
        case .double(let d): String(d)
        default: nil
        }
    }

    var double: Double? {
        switch self {
        case .int(let n): Double(n)
        case .double(let d): d
        case .string(let text): Double(text)
        default: nil
        }
    }

    var int: Int? { double.flatMap { $0.isFinite ? Int($0.rounded()) : nil } }

    var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var object: [String: JSONValue]? {
        if case .object(let fields) = self { return fields }
        return nil
    }

    /// nil for JSON null, so that `"summary": null` reads as no summary.
    var nonNull: JSONValue? { self == .null ? nil : self }

    static func parseObject(_ body: [UInt8]) -> JSONValue? {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(body)), case .object = value else { return nil }
        return value
    }
}

extension Optional where Wrapped == JSONValue {
    var nonNull: JSONValue? { self?.nonNull }
}

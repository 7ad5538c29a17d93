import DialerCore
import Foundation

/// The BSON types we read and write. Order of keys is kept: it matters for sort and index specs.
public indirect enum BSONValue: Sendable, Equatable {
    case double(Double)
    case string(String)
    case document(BSONDocument)
    case array([BSONValue])
    case objectId(ObjectId)
    case bool(Bool)
    case date(Date)
    case null
    case int32(Int32)
    case int64(Int64)
    /// Read from other tools' documents; kept so they are not lost, never written by us.
    case unsupported(typeCode: UInt32)

    /// Integers as int32 when they fit, else int64: what the mongo shell and drivers write.
    public static func int(_ value: Int) -> BSONValue {
        if let small = Int32(exactly: value) { return .int32(small) }
        return .int64(Int64(value))
    }

    public var intValue: Int? {
        switch self {
        case .int32(let v): Int(v)
        case .int64(let v): Int(v)
        case .double(let v) where v.rounded() == v && abs(v) < 9.0e15: Int(v)
        default: nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .double(let v): v
        case .int32(let v): Double(v)
        case .int64(let v): Double(v)
        default: nil
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var documentValue: BSONDocument? {
        if case .document(let d) = self { return d }
        return nil
    }

    public var arrayValue: [BSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectIdValue: ObjectId? {
        if case .objectId(let id) = self { return id }
        return nil
    }

    public var dateValue: Date? {
        if case .date(let date) = self { return date }
        return nil
    }

    public var typeName: String {
        switch self {
        case .double: "double"
        case .string: "string"
        case .document: "document"
        case .array: "array"
        case .objectId: "objectId"
        case .bool: "bool"
        case .date: "date"
        case .null: "null"
        case .int32: "int32"
        case .int64: "int64"
        case .unsupported(let code): "BSON type \(code)"
        }
    }
}

extension BSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: BSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, BSONValue)...) { self = .document(BSONDocument(elements)) }
    public init(nilLiteral: ()) { self = .null }
}

/// An ordered BSON document.
public struct BSONDocument: Sendable, Equatable, ExpressibleByDictionaryLiteral, Sequence {
    public private(set) var fields: [(key: String, value: BSONValue)]

    public init() { fields = [] }
    public init(_ pairs: [(String, BSONValue)]) { fields = pairs.map { (key: $0.0, value: $0.1) } }
    public init(dictionaryLiteral elements: (String, BSONValue)...) { self.init(elements) }

    public static func == (lhs: BSONDocument, rhs: BSONDocument) -> Bool {
        lhs.fields.count == rhs.fields.count && zip(lhs.fields, rhs.fields).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public subscript(key: String) -> BSONValue? {
        get { fields.first { $0.key == key }?.value }
        set {
            if let index = fields.firstIndex(where: { $0.key == key }) {
                if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                fields.append((key: key, value: newValue))
            }
        }
    }

    /// This document followed by `other`'s fields (a field of both takes `other`'s value, in place):
    /// how a filter is built from a shared condition.
    public func merging(_ other: BSONDocument) -> BSONDocument {
        var merged = self
        for (key, value) in other { merged[key] = value }
        return merged
    }

    public var keys: [String] { fields.map(\.key) }
    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[(key: String, value: BSONValue)]> { fields.makeIterator() }

    /// Dotted-path lookup, as the query language reads paths.
    public func value(at path: String) -> BSONValue? {
        var parts = path.split(separator: ".", omittingEmptySubsequences: false)[...]
        guard let first = parts.popFirst(), var current = self[String(first)] else { return nil }
        for part in parts {
            guard case .document(let inner) = current, let next = inner[String(part)] else { return nil }
            current = next
        }
        return current
    }
}

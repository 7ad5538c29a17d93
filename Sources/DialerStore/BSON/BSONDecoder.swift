import DialerCore
import Foundation

/// Decodes a Codable model from a BSON document. Numbers convert between BSON's numeric types
/// when no precision is lost; anything else is a type mismatch naming its field path.
public struct BSONDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from document: BSONDocument) throws -> T {
        try DecoderBox(value: .document(document), codingPath: []).decodeValue(type)
    }
}

private struct DecoderBox: Decoder {
    let value: BSONValue
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func mismatch<T>(_ type: T.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(type), found \(value.typeName)"))
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if type == Date.self {
            guard case .date(let date) = value else { throw mismatch(type) }
            return date as! T
        }
        if type == ObjectId.self {
            switch value {
            case .objectId(let id): return id as! T
            case .string(let hex):
                guard let id = ObjectId(hex: hex) else { throw mismatch(type) }
                return id as! T
            default: throw mismatch(type)
            }
        }
        if type == BSONValue.self { return value as! T }
        return try T(from: self)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .document(let document) = value else { throw mismatch([String: Any].self) }
        return KeyedDecodingContainer(KeyedContainer<Key>(document: document, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch([Any].self) }
        return UnkeyedContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { SingleContainer(box: self) }

    func scalar<T>(_ type: T.Type) throws -> T {
        let result: Any?
        switch type {
        case is Bool.Type: if case .bool(let b) = value { result = b } else { result = nil }
        case is String.Type: result = value.stringValue
        case is Double.Type: result = value.doubleValue
        case is Float.Type: result = value.doubleValue.map { Float($0) }
        case is Int.Type: result = value.intValue
        case is Int32.Type: result = value.intValue.flatMap { (v: Int) -> Int32? in Int32(exactly: v) }
        case is Int64.Type: result = value.intValue.map { Int64($0) }
        default: result = nil
        }
        guard let typed = result as? T else { throw mismatch(type) }
        return typed
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let document: BSONDocument
    let codingPath: [CodingKey]

    var allKeys: [Key] { document.keys.compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { document[key.stringValue] != nil }

    private func box(_ key: Key) throws -> DecoderBox {
        guard let value = document[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath + [key], debugDescription: "missing field \"\(key.stringValue)\""))
        }
        return DecoderBox(value: value, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let value = document[key.stringValue] else { return true }
        return value == .null
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try box(key).scalar(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try box(key).scalar(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try box(key).scalar(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try box(key).scalar(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try box(key).scalar(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try box(key).decodeValue(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try box(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer { try box(key).unkeyedContainer() }
    func superDecoder() throws -> Decoder { DecoderBox(value: .document(document), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> Decoder { try box(key) }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [BSONValue]
    let codingPath: [CodingKey]
    var currentIndex = 0

    init(items: [BSONValue], codingPath: [CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> DecoderBox {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath + [BSONIndexKey(currentIndex)], debugDescription: "array ended"))
        }
        defer { currentIndex += 1 }
        return DecoderBox(value: items[currentIndex], codingPath: codingPath + [BSONIndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().scalar(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next().scalar(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().scalar(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().scalar(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().scalar(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> Decoder { try next() }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let box: DecoderBox
    var codingPath: [CodingKey] { box.codingPath }

    func decodeNil() -> Bool { box.value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try box.scalar(type) }
    func decode(_ type: String.Type) throws -> String { try box.scalar(type) }
    func decode(_ type: Double.Type) throws -> Double { try box.scalar(type) }
    func decode(_ type: Float.Type) throws -> Float { try box.scalar(type) }
    func decode(_ type: Int.Type) throws -> Int { try box.scalar(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try box.scalar(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try box.scalar(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try box.decodeValue(type) }
}

import DialerCore
import Foundation

/// Encodes a Codable model into a BSON document: Date as datetime, ObjectId as ObjectId,
/// integers as int32/int64, doubles as double; nil optionals are left out.
public struct BSONEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> BSONDocument {
        let encoded = try encodeValue(value)
        guard case .document(let document) = encoded else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: [], debugDescription: "top level must be a keyed value, got \(encoded.typeName)"))
        }
        return document
    }

    public func encodeValue<T: Encodable>(_ value: T) throws -> BSONValue {
        if let special = BSONEncoder.special(value) { return special }
        let box = EncoderBox(codingPath: [])
        try value.encode(to: box)
        return box.node.resolve()
    }

    static func special<T>(_ value: T) -> BSONValue? {
        switch value {
        case let date as Date: return .date(date)
        case let id as ObjectId: return .objectId(id)
        case let bson as BSONValue: return bson
        default: return nil
        }
    }
}

/// A mutable tree the containers write into; resolved to a value once encoding ends.
private final class Node {
    enum Kind {
        case empty
        case value(BSONValue)
        case keyed([(String, Node)])
        case unkeyed([Node])
    }
    var kind: Kind = .empty

    func resolve() -> BSONValue {
        switch kind {
        case .empty: return .document(BSONDocument())
        case .value(let v): return v
        case .keyed(let pairs): return .document(BSONDocument(pairs.map { ($0.0, $0.1.resolve()) }))
        case .unkeyed(let nodes): return .array(nodes.map { $0.resolve() })
        }
    }

    func child(forKey key: String) -> Node {
        var pairs: [(String, Node)]
        if case .keyed(let existing) = kind { pairs = existing } else { pairs = [] }
        if let found = pairs.first(where: { $0.0 == key }) { return found.1 }
        let node = Node()
        pairs.append((key, node))
        kind = .keyed(pairs)
        return node
    }

    func appendChild() -> Node {
        var nodes: [Node]
        if case .unkeyed(let existing) = kind { nodes = existing } else { nodes = [] }
        let node = Node()
        nodes.append(node)
        kind = .unkeyed(nodes)
        return node
    }
}

private final class EncoderBox: Encoder {
    let codingPath: [CodingKey]
    let node: Node
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(codingPath: [CodingKey], node: Node = Node()) {
        self.codingPath = codingPath
        self.node = node
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .empty = node.kind { node.kind = .keyed([]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(box: self))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if case .empty = node.kind { node.kind = .unkeyed([]) }
        return UnkeyedContainer(box: self)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { SingleContainer(box: self) }

    func encode<T: Encodable>(_ value: T, into target: Node, path: [CodingKey]) throws {
        if let special = BSONEncoder.special(value) {
            target.kind = .value(special)
            return
        }
        try value.encode(to: EncoderBox(codingPath: path, node: target))
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: EncoderBox
    var codingPath: [CodingKey] { box.codingPath }

    private func set(_ value: BSONValue, _ key: Key) { box.node.child(forKey: key.stringValue).kind = .value(value) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(.double(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.int(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.int32(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.int64(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try box.encode(value, into: box.node.child(forKey: key.stringValue), path: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        EncoderBox(codingPath: codingPath + [key], node: box.node.child(forKey: key.stringValue)).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        EncoderBox(codingPath: codingPath + [key], node: box.node.child(forKey: key.stringValue)).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { EncoderBox(codingPath: codingPath, node: box.node.child(forKey: "super")) }
    mutating func superEncoder(forKey key: Key) -> Encoder {
        EncoderBox(codingPath: codingPath + [key], node: box.node.child(forKey: key.stringValue))
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: EncoderBox
    var codingPath: [CodingKey] { box.codingPath }
    var count: Int {
        if case .unkeyed(let nodes) = box.node.kind { return nodes.count }
        return 0
    }

    private func append(_ value: BSONValue) { box.node.appendChild().kind = .value(value) }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(.double(value)) }
    mutating func encode(_ value: Int) throws { append(.int(value)) }
    mutating func encode(_ value: Int64) throws { append(.int64(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = codingPath + [BSONIndexKey(count)]
        try box.encode(value, into: box.node.appendChild(), path: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        EncoderBox(codingPath: codingPath + [BSONIndexKey(count)], node: box.node.appendChild()).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        EncoderBox(codingPath: codingPath + [BSONIndexKey(count)], node: box.node.appendChild()).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { EncoderBox(codingPath: codingPath, node: box.node.appendChild()) }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let box: EncoderBox
    var codingPath: [CodingKey] { box.codingPath }

    private func set(_ value: BSONValue) { box.node.kind = .value(value) }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(.double(value)) }
    mutating func encode(_ value: Float) throws { set(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { set(.int(value)) }
    mutating func encode(_ value: Int32) throws { set(.int32(value)) }
    mutating func encode(_ value: Int64) throws { set(.int64(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try box.encode(value, into: box.node, path: codingPath) }
}

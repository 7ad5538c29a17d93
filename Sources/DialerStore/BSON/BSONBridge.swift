import CMongoc
import DialerCore
import Foundation

/// Copies between `BSONDocument` and libbson's `bson_t`. Only the BSON store uses this.
enum BSONBridge {
    /// A heap `bson_t` owned by the caller; free with `dialer_bson_free`.
    static func makeBSON(_ document: BSONDocument) -> OpaquePointer {
        let bson = dialer_bson_alloc()!
        append(document, to: bson)
        return bson
    }

    static func withBSON<T>(_ document: BSONDocument, _ body: (OpaquePointer) throws -> T) rethrows -> T {
        let bson = makeBSON(document)
        defer { dialer_bson_free(bson) }
        return try body(bson)
    }

    private static func append(_ document: BSONDocument, to bson: OpaquePointer) {
        for (key, value) in document { append(value, key: key, to: bson) }
    }

    private static func append(_ value: BSONValue, key: String, to bson: OpaquePointer) {
        switch value {
        case .double(let v): bson_append_double(bson, key, -1, v)
        case .string(let v): bson_append_utf8(bson, key, -1, v, Int32(v.utf8.count))
        case .document(let inner):
            let child = dialer_bson_alloc()!
            defer { dialer_bson_free(child) }
            append(inner, to: child)
            bson_append_document(bson, key, -1, child)
        case .array(let items):
            let child = dialer_bson_alloc()!
            defer { dialer_bson_free(child) }
            for (index, item) in items.enumerated() { append(item, key: String(index), to: child) }
            bson_append_array(bson, key, -1, child)
        case .objectId(let id): _ = id.bytes.withUnsafeBufferPointer { dialer_append_oid_bytes(bson, key, $0.baseAddress) }
        case .bool(let v): bson_append_bool(bson, key, -1, v)
        case .date(let d): bson_append_date_time(bson, key, -1, milliseconds(d))
        case .null, .unsupported: bson_append_null(bson, key, -1)
        case .int32(let v): bson_append_int32(bson, key, -1, v)
        case .int64(let v): bson_append_int64(bson, key, -1, v)
        }
    }

    static func document(from bson: OpaquePointer) -> BSONDocument {
        let iter = dialer_iter_alloc()!
        defer { dialer_iter_free(iter) }
        guard bson_iter_init(iter, bson) else { return BSONDocument() }
        return readDocument(iter)
    }

    private static func readDocument(_ iter: OpaquePointer) -> BSONDocument {
        var pairs: [(String, BSONValue)] = []
        while bson_iter_next(iter) {
            pairs.append((String(cString: bson_iter_key(iter)), readValue(iter)))
        }
        return BSONDocument(pairs)
    }

    private static func readValue(_ iter: OpaquePointer) -> BSONValue {
        let type = bson_iter_type(iter)
        switch type {
        case BSON_TYPE_DOUBLE: return .double(bson_iter_double(iter))
        case BSON_TYPE_UTF8:
            var length: UInt32 = 0
            guard let pointer = bson_iter_utf8(iter, &length) else { return .string("") }
            return .string(String(decoding: UnsafeRawBufferPointer(start: pointer, count: Int(length)), as: UTF8.self))
        case BSON_TYPE_DOCUMENT, BSON_TYPE_ARRAY:
            let child = dialer_iter_alloc()!
            defer { dialer_iter_free(child) }
            guard bson_iter_recurse(iter, child) else { return type == BSON_TYPE_ARRAY ? .array([]) : .document(BSONDocument()) }
            let inner = readDocument(child)
            return type == BSON_TYPE_ARRAY ? .array(inner.map(\.value)) : .document(inner)
        case BSON_TYPE_OID:
            let bytes = dialer_iter_oid_bytes(iter)!
            return .objectId(ObjectId(bytes: Array(UnsafeBufferPointer(start: bytes, count: 12))))
        case BSON_TYPE_BOOL: return .bool(bson_iter_bool(iter))
        case BSON_TYPE_DATE_TIME: return .date(Date(timeIntervalSince1970: Double(bson_iter_date_time(iter)) / 1000))
        case BSON_TYPE_NULL, BSON_TYPE_UNDEFINED: return .null
        case BSON_TYPE_INT32: return .int32(bson_iter_int32(iter))
        case BSON_TYPE_INT64: return .int64(bson_iter_int64(iter))
        default: return .unsupported(typeCode: type.rawValue)
        }
    }

    /// Milliseconds since the epoch, clamped to the ±100,000,000 days JavaScript dates span (what
    /// mongosh can show): converting a larger date to Int64 would trap and end the process.
    static func milliseconds(_ date: Date) -> Int64 {
        let limit = 8.64e15
        let value = date.timeIntervalSince1970 * 1000
        return value.isNaN ? 0 : Int64(min(max(value, -limit), limit).rounded())
    }
}

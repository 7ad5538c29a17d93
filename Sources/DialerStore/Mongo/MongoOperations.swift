import CMongoc
import Foundation

/// Synchronous libmongoc calls. They run only inside `MongoConnection.withCollection`.
enum MongoOperations {
    static func insertOne(_ collection: OpaquePointer, _ document: BSONDocument) throws {
        _ = try BSONBridge.withBSON(document) { doc in
            try call(collection) { reply, error in mongoc_collection_insert_one(collection, doc, nil, reply, error) }
        }
    }

    static func insertMany(_ collection: OpaquePointer, _ documents: [BSONDocument]) throws {
        guard !documents.isEmpty else { return }
        let pointers = documents.map(BSONBridge.makeBSON)
        defer { pointers.forEach { dialer_bson_free($0) } }
        var optional: [OpaquePointer?] = pointers
        _ = try optional.withUnsafeMutableBufferPointer { buffer in
            try call(collection) { reply, error in
                mongoc_collection_insert_many(collection, buffer.baseAddress, buffer.count, nil, reply, error)
            }
        }
    }

    /// Returns the reply (`matchedCount`, `modifiedCount`, `upsertedCount`).
    @discardableResult
    static func updateOne(_ collection: OpaquePointer, filter: BSONDocument, update: BSONValue, upsert: Bool = false) throws -> BSONDocument {
        try performUpdate(collection, filter: filter, update: update, upsert: upsert, many: false)
    }

    @discardableResult
    static func updateMany(_ collection: OpaquePointer, filter: BSONDocument, update: BSONValue, upsert: Bool = false) throws -> BSONDocument {
        try performUpdate(collection, filter: filter, update: update, upsert: upsert, many: true)
    }

    private static func performUpdate(_ collection: OpaquePointer, filter: BSONDocument, update: BSONValue, upsert: Bool, many: Bool) throws
        -> BSONDocument
    {
        // A pipeline update is a BSON array, which libmongoc takes as a document keyed "0", "1", …
        let updateDocument: BSONDocument
        switch update {
        case .document(let d): updateDocument = d
        case .array(let stages): updateDocument = BSONDocument(stages.enumerated().map { (String($0.offset), $0.element) })
        default: throw StoreError.invalidArgument("an update must be a document or a pipeline")
        }
        let opts: BSONDocument = upsert ? ["upsert": true] : [:]
        return try BSONBridge.withBSON(filter) { f in
            try BSONBridge.withBSON(updateDocument) { u in
                try BSONBridge.withBSON(opts) { o in
                    try call(collection) { reply, error in
                        many
                            ? mongoc_collection_update_many(collection, f, u, o, reply, error)
                            : mongoc_collection_update_one(collection, f, u, o, reply, error)
                    }
                }
            }
        }
    }

    /// Returns the reply (`deletedCount`).
    @discardableResult
    static func deleteOne(_ collection: OpaquePointer, filter: BSONDocument) throws -> BSONDocument {
        try BSONBridge.withBSON(filter) { f in
            try call(collection) { reply, error in mongoc_collection_delete_one(collection, f, nil, reply, error) }
        }
    }

    /// Returns how many documents were deleted.
    static func deleteMany(_ collection: OpaquePointer, filter: BSONDocument) throws -> Int {
        let reply = try BSONBridge.withBSON(filter) { f in
            try call(collection) { reply, error in mongoc_collection_delete_many(collection, f, nil, reply, error) }
        }
        return reply["deletedCount"]?.intValue ?? 0
    }

    /// findAndModify with `remove`: deletes the first match in one operation and returns it, or nil.
    static func findOneAndDelete(_ collection: OpaquePointer, filter: BSONDocument) throws -> BSONDocument? {
        let opts = mongoc_find_and_modify_opts_new()!
        defer { mongoc_find_and_modify_opts_destroy(opts) }
        mongoc_find_and_modify_opts_set_flags(opts, MONGOC_FIND_AND_MODIFY_REMOVE)
        let reply = try BSONBridge.withBSON(filter) { f in
            try call(collection) { reply, error in mongoc_collection_find_and_modify_with_opts(collection, f, opts, reply, error) }
        }
        return reply["value"]?.documentValue
    }

    /// findAndModify returning the document after the update, or nil when nothing matched.
    static func findOneAndUpdate(
        _ collection: OpaquePointer, filter: BSONDocument, sort: BSONDocument?, update: BSONDocument,
        upsert: Bool = false, projection: BSONDocument? = nil
    ) throws -> BSONDocument? {
        let opts = mongoc_find_and_modify_opts_new()!
        defer { mongoc_find_and_modify_opts_destroy(opts) }
        var flags = MONGOC_FIND_AND_MODIFY_RETURN_NEW.rawValue
        if upsert { flags |= MONGOC_FIND_AND_MODIFY_UPSERT.rawValue }
        mongoc_find_and_modify_opts_set_flags(opts, mongoc_find_and_modify_flags_t(rawValue: flags))
        // Freed once the command has run: until then the options may point into them.
        var attached: [OpaquePointer] = []
        defer { attached.forEach { dialer_bson_free($0) } }
        let parts: [(BSONDocument?, (OpaquePointer?, OpaquePointer?) -> Bool)] = [
            (update, mongoc_find_and_modify_opts_set_update),
            (sort, mongoc_find_and_modify_opts_set_sort),
            (projection, mongoc_find_and_modify_opts_set_fields)
        ]
        for case (let document?, let set) in parts {
            let bson = BSONBridge.makeBSON(document)
            attached.append(bson)
            _ = set(opts, bson)
        }
        let reply = try BSONBridge.withBSON(filter) { f in
            try call(collection) { reply, error in mongoc_collection_find_and_modify_with_opts(collection, f, opts, reply, error) }
        }
        return reply["value"]?.documentValue
    }

    static func find(
        _ collection: OpaquePointer, filter: BSONDocument, sort: BSONDocument? = nil, skip: Int = 0,
        limit: Int = 0, projection: BSONDocument? = nil
    ) throws -> [BSONDocument] {
        var opts = BSONDocument()
        if let projection { opts["projection"] = .document(projection) }
        if let sort { opts["sort"] = .document(sort) }
        if skip > 0 { opts["skip"] = .int64(Int64(skip)) }
        if limit > 0 { opts["limit"] = .int64(Int64(limit)) }
        return try BSONBridge.withBSON(filter) { f in
            try BSONBridge.withBSON(opts) { o in
                try drain(mongoc_collection_find_with_opts(collection, f, o, nil)!)
            }
        }
    }

    static func findOne(_ collection: OpaquePointer, filter: BSONDocument, projection: BSONDocument? = nil) throws -> BSONDocument? {
        try find(collection, filter: filter, limit: 1, projection: projection).first
    }

    static func count(_ collection: OpaquePointer, filter: BSONDocument) throws -> Int {
        let error = dialer_error_alloc()!
        defer { dialer_error_free(error) }
        let count = BSONBridge.withBSON(filter) { f in
            mongoc_collection_count_documents(collection, f, nil, nil, nil, error)
        }
        guard count >= 0 else { throw MongoErrors.map(error, reply: nil) }
        return Int(count)
    }

    static func aggregate(_ collection: OpaquePointer, pipeline: [BSONValue]) throws -> [BSONDocument] {
        try BSONBridge.withBSON(["pipeline": .array(pipeline)]) { p in
            try drain(mongoc_collection_aggregate(collection, MONGOC_QUERY_NONE, p, nil, nil)!)
        }
    }

    static func listIndexes(_ collection: OpaquePointer) throws -> [BSONDocument] {
        do {
            return try drain(mongoc_collection_find_indexes_with_opts(collection, nil)!)
        } catch StoreError.server(let code, _) where code == 26 {
            return [] // NamespaceNotFound: the collection does not exist yet.
        }
    }

    static func command(_ client: OpaquePointer, database: String, _ command: BSONDocument) throws -> BSONDocument {
        try BSONBridge.withBSON(command) { c in
            let reply = dialer_bson_alloc()!
            defer { dialer_bson_free(reply) }
            let error = dialer_error_alloc()!
            defer { dialer_error_free(error) }
            guard mongoc_client_command_simple(client, database, c, nil, reply, error) else {
                throw MongoErrors.map(error, reply: BSONBridge.document(from: reply))
            }
            return BSONBridge.document(from: reply)
        }
    }

    private static func drain(_ cursor: OpaquePointer) throws -> [BSONDocument] {
        defer { mongoc_cursor_destroy(cursor) }
        var results: [BSONDocument] = []
        var current: OpaquePointer?
        while mongoc_cursor_next(cursor, &current), let current {
            results.append(BSONBridge.document(from: current))
        }
        let error = dialer_error_alloc()!
        defer { dialer_error_free(error) }
        var replyPointer: OpaquePointer?
        if mongoc_cursor_error_document(cursor, error, &replyPointer) {
            throw MongoErrors.map(error, reply: replyPointer.map(BSONBridge.document(from:)))
        }
        return results
    }

    @discardableResult
    private static func call(_ collection: OpaquePointer, _ body: (OpaquePointer, UnsafeMutablePointer<bson_error_t>) -> Bool) throws -> BSONDocument
    {
        let reply = dialer_bson_alloc()!
        defer { dialer_bson_free(reply) }
        let error = dialer_error_alloc()!
        defer { dialer_error_free(error) }
        guard body(reply, error) else { throw MongoErrors.map(error, reply: BSONBridge.document(from: reply)) }
        return BSONBridge.document(from: reply)
    }
}

enum MongoErrors {
    static func map(_ error: UnsafeMutablePointer<bson_error_t>, reply: BSONDocument?) -> StoreError {
        let domain = dialer_error_domain(error)
        let code = Int(dialer_error_code(error))
        let message = String(cString: dialer_error_message(error))
        if [11000, 11001, 12582].contains(code) { return duplicateKey(message) }
        switch domain {
        case UInt32(MONGOC_ERROR_SERVER_SELECTION.rawValue), UInt32(MONGOC_ERROR_STREAM.rawValue), UInt32(MONGOC_ERROR_CLIENT.rawValue):
            return message.lowercased().contains("timed out") ? .timeout(message) : .unavailable(message)
        // The driver's own check of a document before it is sent (an empty key, a key with a dot or a
        // leading $): the caller's data, not the database, is at fault.
        case UInt32(MONGOC_ERROR_COMMAND.rawValue) where code == Int(MONGOC_ERROR_COMMAND_INVALID_ARG.rawValue):
            return .invalidArgument(message)
        default:
            if code == 50 { return .timeout(message) }
            return .server(code: code, message: message)
        }
    }

    /// "E11000 duplicate key error collection: db.calls index: callSid_1 dup key: { callSid: \"CA1\" }"
    private static func duplicateKey(_ message: String) -> StoreError {
        func after(_ marker: String, until end: Character) -> String? {
            guard let range = message.range(of: marker) else { return nil }
            let tail = message[range.upperBound...]
            return String(tail.prefix { $0 != end })
        }
        let collection = after("collection: ", until: " ").map { String($0.split(separator: ".").last ?? "") } ?? "?"
        let index = after("index: ", until: " ") ?? "?"
        let key = message.range(of: "dup key: ").map { String(message[$0.upperBound...]) } ?? message
        return .duplicateKey(collection: collection, index: index, key: key)
    }
}

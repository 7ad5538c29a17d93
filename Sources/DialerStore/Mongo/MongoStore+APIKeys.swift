import DialerCore
import Foundation

/// API keys on MongoDB. The unique indexes on `keyHash`, `name` and `prefix` keep each one key's.
extension MongoStore {
    public func insertAPIKey(_ key: APIKey) async throws -> ObjectId {
        var stored = key
        let id = key.id ?? ObjectId()
        stored.id = id
        let document = try encode(stored)
        try await on(Collections.apiKeys) { try MongoOperations.insertOne($0, document) }
        return id
    }

    public func apiKey(hash: String) async throws -> APIKey? {
        let filter: BSONDocument = ["keyHash": .string(hash)]
        let document = try await on(Collections.apiKeys) { try MongoOperations.findOne($0, filter: filter) }
        return try document.map { try decode(APIKey.self, $0, from: Collections.apiKeys) }
    }

    public func listAPIKeys() async throws -> [APIKey] {
        let documents = try await on(Collections.apiKeys) {
            try MongoOperations.find($0, filter: [:], sort: ["createdAt": 1, "_id": 1], skip: 0, limit: 0)
        }
        return try decodeAll(APIKey.self, documents, from: Collections.apiKeys)
    }

    public func revokeAPIKey(nameOrPrefix: String, now: Date) async throws -> APIKey? {
        let filter: BSONDocument = [
            "$or": [["name": .string(nameOrPrefix)], ["prefix": .string(nameOrPrefix)]],
            "revokedAt": .null
        ]
        let update: BSONDocument = ["$set": ["revokedAt": .date(now)]]
        let document = try await on(Collections.apiKeys) {
            try MongoOperations.findOneAndUpdate($0, filter: filter, sort: nil, update: update)
        }
        return try document.map { try decode(APIKey.self, $0, from: Collections.apiKeys) }
    }

    public func recordAPIKeyUse(id: ObjectId, at: Date) async throws {
        let filter: BSONDocument = [
            "_id": .objectId(id), "$or": [["lastUsedAt": .null], ["lastUsedAt": ["$lt": .date(at)]]]
        ]
        let update: BSONDocument = ["$set": ["lastUsedAt": .date(at)]]
        try await on(Collections.apiKeys) { _ = try MongoOperations.updateOne($0, filter: filter, update: .document(update)) }
    }
}

import DialerCore
import Foundation

/// The in-memory store's API keys, with Mongo's unique indexes on hash, name and prefix as maps.
/// A value: `InMemoryStore` runs each method under its lock, so each is atomic.
struct APIKeyTable {
    private var keys: [ObjectId: APIKey] = [:]
    private var byHash: [String: ObjectId] = [:]

    mutating func insert(_ key: APIKey) throws -> ObjectId {
        for (index, value, taken) in [
            ("keyHash_1", key.keyHash, byHash[key.keyHash] != nil),
            ("name_1", key.name, keys.values.contains { $0.name == key.name }),
            ("prefix_1", key.prefix, keys.values.contains { $0.prefix == key.prefix })
        ] where taken {
            // The hash is never echoed back, as Mongo's message would; name the index only.
            throw StoreError.duplicateKey(collection: Collections.apiKeys, index: index, key: index == "keyHash_1" ? "(hash)" : value)
        }
        var stored = key
        let id = key.id ?? ObjectId()
        stored.id = id
        keys[id] = stored
        byHash[key.keyHash] = id
        return id
    }

    func find(hash: String) -> APIKey? { byHash[hash].flatMap { keys[$0] } }

    func all() -> [APIKey] { keys.values.sorted { ($0.createdAt, $0.id!) < ($1.createdAt, $1.id!) } }

    mutating func revoke(_ nameOrPrefix: String, now: Date) -> APIKey? {
        guard let id = keys.values.first(where: { !$0.isRevoked && ($0.name == nameOrPrefix || $0.prefix == nameOrPrefix) })?.id else {
            return nil
        }
        keys[id]?.revokedAt = now
        return keys[id]
    }

    mutating func recordUse(_ id: ObjectId, at: Date) {
        guard let used = keys[id]?.lastUsedAt, used >= at else {
            keys[id]?.lastUsedAt = at
            return
        }
    }
}

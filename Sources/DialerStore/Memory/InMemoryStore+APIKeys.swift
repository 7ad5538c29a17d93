import DialerCore
import Foundation

/// API keys, in `APIKeyTable` under the store's lock.
extension InMemoryStore {
    public nonisolated(nonsending) func insertAPIKey(_ key: APIKey) async throws -> ObjectId {
        try locked { try apiKeys.insert(key) }
    }

    public nonisolated(nonsending) func apiKey(hash: String) async throws -> APIKey? {
        try locked { apiKeys.find(hash: hash) }
    }

    public nonisolated(nonsending) func listAPIKeys() async throws -> [APIKey] {
        try locked { apiKeys.all() }
    }

    public nonisolated(nonsending) func revokeAPIKey(nameOrPrefix: String, now: Date) async throws -> APIKey? {
        try locked { apiKeys.revoke(nameOrPrefix, now: now) }
    }

    public nonisolated(nonsending) func recordAPIKeyUse(id: ObjectId, at: Date) async throws {
        try locked { apiKeys.recordUse(id, at: at) }
    }
}

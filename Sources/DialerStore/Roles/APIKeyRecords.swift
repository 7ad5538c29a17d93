import DialerCore
import Foundation

/// Operator API keys (collection `apiKeys`), stored by the SHA-256 hash of the key only.
public protocol APIKeyRecords: Sendable {
    /// A taken name or hash throws `.duplicateKey`.
    nonisolated(nonsending) func insertAPIKey(_ key: APIKey) async throws -> ObjectId
    /// The key with this hash, revoked or not: the caller decides what a revoked key means.
    nonisolated(nonsending) func apiKey(hash: String) async throws -> APIKey?
    /// Every key, revoked ones included, oldest first.
    nonisolated(nonsending) func listAPIKeys() async throws -> [APIKey]
    /// Sets `revokedAt` on the unrevoked key whose name or prefix is `nameOrPrefix`, in one update;
    /// nil when there is none.
    nonisolated(nonsending) func revokeAPIKey(nameOrPrefix: String, now: Date) async throws -> APIKey?
    /// Moves `lastUsedAt` forward (never back).
    nonisolated(nonsending) func recordAPIKeyUse(id: ObjectId, at: Date) async throws
}

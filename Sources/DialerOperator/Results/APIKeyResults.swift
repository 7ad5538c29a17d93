import DialerCore
import Foundation

/// An API key as operators see it: never its hash, and the key itself only once, in `CreatedAPIKey`.
public struct APIKeyInfo: Codable, Sendable, Equatable {
    public var name: String
    public var scope: String
    /// The key's displayed start (`dk_3f9a1c2b`), which `api-keys revoke` also accepts.
    public var prefix: String
    public var createdAt: Date
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    public init(_ key: APIKey) {
        name = key.name
        scope = key.scope.rawValue
        prefix = key.prefix
        createdAt = key.createdAt
        revokedAt = key.revokedAt
        lastUsedAt = key.lastUsedAt
    }
}

/// The answer to `apiKeys.create`: the only time the key is shown.
public struct CreatedAPIKey: Codable, Sendable, Equatable {
    public var key: String
    public var info: APIKeyInfo

    public init(key: String, info: APIKeyInfo) {
        self.key = key
        self.info = info
    }
}

public struct APIKeyListing: Codable, Sendable, Equatable {
    public var keys: [APIKeyInfo]

    public init(keys: [APIKeyInfo]) { self.keys = keys }
}

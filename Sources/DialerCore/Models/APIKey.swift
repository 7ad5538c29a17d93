import Foundation

/// An operator API key (collection `apiKeys`). The key itself is shown once, when it is made;
/// only its SHA-256 hash is stored, so a copy of the database lets nobody call the API.
public struct APIKey: Codable, Sendable, Equatable {
    public var id: ObjectId?
    /// Unique; names the key in lists, revocations and the events of the actions it took.
    public var name: String
    public var scope: APIScope
    /// Lowercase hex SHA-256 of the whole key; unique.
    public var keyHash: String
    /// The key's first characters (`dk_3f9a1c2b`), not secret: enough to tell keys apart in a list.
    public var prefix: String
    public var createdAt: Date
    public var revokedAt: Date?
    /// Updated at most once a minute per key, so authentication is not a write per request.
    public var lastUsedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case name, scope, keyHash, prefix, createdAt, revokedAt, lastUsedAt
    }

    public init(id: ObjectId? = nil, name: String, scope: APIScope, keyHash: String, prefix: String, now: Date) {
        self.id = id
        self.name = name
        self.scope = scope
        self.keyHash = keyHash
        self.prefix = prefix
        self.createdAt = now
    }

    public var isRevoked: Bool { revokedAt != nil }

    /// Names are what operators type to revoke a key: short, plain, never mistaken for a prefix.
    public static func nameProblem(_ name: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        if !(1...64).contains(name.count) { return "a key name has 1 to 64 characters, got \(name.count)" }
        if !name.allSatisfy(allowed.contains) { return "a key name uses only letters, digits, '.', '_' and '-'" }
        if name.hasPrefix("dk_") { return "a key name may not start with \"dk_\", which starts every key's prefix" }
        return nil
    }
}

/// What a key may do. Hierarchical: `operate` includes `read`, `admin` includes both.
public enum APIScope: OpenEnum, Comparable {
    /// Every GET.
    case read
    /// Campaign actions: start, pause, resume, stop.
    case operate
    /// Writes, deletes and keys.
    case admin
    case unknown(String)

    public static let knownCases: [APIScope] = [.read, .operate, .admin]

    public var rawValue: String {
        switch self {
        case .read: "read"
        case .operate: "operate"
        case .admin: "admin"
        case .unknown(let raw): raw
        }
    }

    /// An unknown scope (a document edited by hand) grants nothing.
    private var level: Int {
        switch self {
        case .read: 1
        case .operate: 2
        case .admin: 3
        case .unknown: 0
        }
    }

    public static func < (a: APIScope, b: APIScope) -> Bool { a.level < b.level }

    /// Whether a key of this scope may use a route that requires `required`.
    public func grants(_ required: APIScope) -> Bool { level >= required.level && level > 0 }
}

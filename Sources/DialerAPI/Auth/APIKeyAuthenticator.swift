import DialerCore
import DialerCrypto
import DialerStore
import Foundation
import HTTPTypes
import Logging
import Synchronization

/// Reads `Authorization: Bearer <key>`, finds the key by its hash, and checks its scope.
///
/// Lookups are cached for `cacheTTL` (found keys and unknown hashes alike), so a burst of
/// requests costs one database read. The price is the bound on revocation: a key revoked in
/// the database is refused by every instance at most `cacheTTL` later (5 s by default), and
/// at once by this one when it is revoked through `forget(hash:)`.
public final class APIKeyAuthenticator: Sendable {
    private struct Entry {
        var key: APIKey?
        var fetchedAt: Date
    }

    private let store: any APIKeyRecords
    private let clock: any WallClock
    private let cacheTTL: TimeInterval
    private let useInterval: TimeInterval
    private let logger: Logger
    private let cache = Mutex<[String: Entry]>([:])
    /// When each key's `lastUsedAt` was last written, so it is written once a minute, not per request.
    private let lastRecorded = Mutex<[ObjectId: Date]>([:])

    public init(
        store: any APIKeyRecords, clock: any WallClock = SystemWallClock(), cacheTTL: Duration = .seconds(5),
        useInterval: Duration = .seconds(60), logger: Logger = Logger(label: "dialer.api")
    ) {
        self.store = store
        self.clock = clock
        self.cacheTTL = Double(cacheTTL.components.seconds) + Double(cacheTTL.components.attoseconds) / 1e18
        self.useInterval = Double(useInterval.components.seconds)
        self.logger = logger
    }

    /// The calling key, if it may use a route that needs `scope`; otherwise 401 or 403. Messages
    /// name the key by its name or prefix only, never by anything sent.
    public func authorize(_ headers: HTTPFields, scope: APIScope) async throws(APIError) -> APIKey {
        guard let header = headers[.authorization] else {
            throw .unauthorized("send an API key as \"Authorization: Bearer <key>\" (make one with dialerctl api-keys create)")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .unauthorized("the Authorization header must be \"Bearer <key>\"")
        }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard APIKeyToken.isWellFormed(token) else { throw .unauthorized("the API key is not valid") }
        let key: APIKey?
        do {
            key = try await lookup(APIKeyToken.hash(token))
        } catch {
            logger.error("API key lookup failed", metadata: ["error": "\(error)"])
            throw APIError.from(error)
        }
        guard let key, !key.isRevoked else { throw .unauthorized("the API key is not valid (unknown or revoked)") }
        guard key.scope.grants(scope) else {
            throw .forbidden("API key \"\(key.name)\" has scope \(key.scope.rawValue); this route needs \(scope.rawValue)")
        }
        await recordUse(key)
        return key
    }

    /// Drops a cached lookup: this instance refuses a key it revoked at once.
    public func forget(hash: String) {
        _ = cache.withLock { $0.removeValue(forKey: hash) }
    }

    private func lookup(_ hash: String) async throws -> APIKey? {
        let now = clock.now.date
        if let entry = cache.withLock({ $0[hash] }), now.timeIntervalSince(entry.fetchedAt) < cacheTTL, now >= entry.fetchedAt {
            return entry.key
        }
        let key = try await store.apiKey(hash: hash)
        cache.withLock { cache in
            // Bounded: a flood of made-up keys must not grow it without limit.
            if cache.count >= 10_000 { cache.removeAll() }
            cache[hash] = Entry(key: key, fetchedAt: now)
        }
        return key
    }

    private func recordUse(_ key: APIKey) async {
        guard let id = key.id else { return }
        let now = clock.now.date
        let due = lastRecorded.withLock { recorded -> Bool in
            if let last = recorded[id], now.timeIntervalSince(last) < useInterval { return false }
            recorded[id] = now
            return true
        }
        guard due else { return }
        do {
            try await store.recordAPIKeyUse(id: id, at: now)
        } catch {
            logger.warning("could not record an API key's use", metadata: ["key": "\(key.name)", "error": "\(error)"])
        }
    }
}

import DialerCore
import DialerCrypto
import DialerOperator
import DialerStore
import Foundation

/// Makes, lists and revokes the operator API's keys. A key is made here, shown once in the
/// answer, and stored only as its hash.
public struct APIKeyOperations: Sendable {
    private let store: any APIKeyRecords
    private let clock: any WallClock
    /// Told the hash of each key revoked here, so this instance's API refuses it at once rather
    /// than when its lookup cache expires.
    private let revoked: @Sendable (String) -> Void

    public init(store: any APIKeyRecords, clock: any WallClock, revoked: @escaping @Sendable (String) -> Void = { _ in }) {
        self.store = store
        self.clock = clock
        self.revoked = revoked
    }

    public func create(name: String, scope: String) async throws -> CreatedAPIKey {
        if let problem = APIKey.nameProblem(name) { throw OperatorError(.badArgs, problem) }
        let parsed = APIScope(raw: scope)
        guard parsed.isKnown else {
            throw OperatorError(.badArgs, "scope must be read, operate or admin, got \"\(scope.prefix(40))\"")
        }
        let issued = APIKeyToken.issue()
        let key = APIKey(name: name, scope: parsed, keyHash: issued.hash, prefix: issued.prefix, now: clock.now.date)
        do {
            _ = try await store.insertAPIKey(key)
        } catch StoreError.duplicateKey(_, let index, _) where index.hasPrefix("name") {
            throw OperatorError(.badArgs, "an API key named \"\(name)\" exists already (revoked keys keep their names)")
        }
        return CreatedAPIKey(key: issued.key, info: APIKeyInfo(key))
    }

    public func list() async throws -> APIKeyListing {
        APIKeyListing(keys: try await store.listAPIKeys().map(APIKeyInfo.init))
    }

    public func revoke(_ nameOrPrefix: String) async throws -> APIKeyInfo {
        guard let key = try await store.revokeAPIKey(nameOrPrefix: nameOrPrefix, now: clock.now.date) else {
            throw OperatorError(.notFound, "no unrevoked API key named or prefixed \"\(nameOrPrefix.prefix(64))\"")
        }
        revoked(key.keyHash)
        return APIKeyInfo(key)
    }
}

import DialerCore
import DialerStore
import DialerTestSupport
import Foundation
import Testing

@Suite("Store contract: API keys") struct APIKeyContractTests {
    let t0 = Fixtures.t0

    func key(_ name: String, scope: APIScope = .read, hash: String? = nil, prefix: String? = nil, at: Date? = nil) -> APIKey {
        APIKey(name: name, scope: scope, keyHash: hash ?? "hash-\(name)", prefix: prefix ?? "dk_\(name)", now: at ?? t0)
    }

    @Test(arguments: StoreKind.allCases) func aKeyIsFoundByItsHashOnly(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await store.insertAPIKey(key("ci", scope: .operate))
        let found = try #require(try await store.apiKey(hash: "hash-ci"))
        #expect(found.id == id)
        #expect(found.name == "ci")
        #expect(found.scope == .operate)
        #expect(found.prefix == "dk_ci")
        #expect(found.createdAt == t0)
        #expect(found.revokedAt == nil)
        #expect(try await store.apiKey(hash: "hash-other") == nil)
    }

    @Test(arguments: StoreKind.allCases) func hashNameAndPrefixAreEachUnique(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.insertAPIKey(key("ci"))
        for duplicate in [key("other", hash: "hash-ci"), key("ci", hash: "h2", prefix: "dk_2"), key("third", hash: "h3", prefix: "dk_ci")] {
            await #expect {
                _ = try await store.insertAPIKey(duplicate)
            } throws: { error in
                if case StoreError.duplicateKey = error { return true }
                return false
            }
        }
        #expect(try await store.listAPIKeys().map(\.name) == ["ci"])
    }

    @Test(arguments: StoreKind.allCases) func revokingByNameOrPrefixKeepsTheKeyListed(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.insertAPIKey(key("first"))
        _ = try await store.insertAPIKey(key("second", at: t0.addingTimeInterval(60)))
        let later = t0.addingTimeInterval(3600)
        let revoked = try #require(try await store.revokeAPIKey(nameOrPrefix: "first", now: later))
        #expect(revoked.revokedAt == later)
        #expect(try await store.revokeAPIKey(nameOrPrefix: "first", now: later) == nil)
        #expect(try await store.revokeAPIKey(nameOrPrefix: "dk_second", now: later)?.name == "second")
        #expect(try await store.revokeAPIKey(nameOrPrefix: "nobody", now: later) == nil)
        let listed = try await store.listAPIKeys()
        #expect(listed.map(\.name) == ["first", "second"])
        #expect(listed.allSatisfy { $0.isRevoked })
        #expect(try await store.apiKey(hash: "hash-first")?.revokedAt == later)
    }

    @Test(arguments: StoreKind.allCases) func lastUsedOnlyMovesForward(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await store.insertAPIKey(key("ci"))
        try await store.recordAPIKeyUse(id: id, at: t0.addingTimeInterval(120))
        try await store.recordAPIKeyUse(id: id, at: t0.addingTimeInterval(60))
        #expect(try await store.apiKey(hash: "hash-ci")?.lastUsedAt == t0.addingTimeInterval(120))
    }
}

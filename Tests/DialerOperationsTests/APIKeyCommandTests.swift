import DialerControl
import DialerCore
import DialerCrypto
import DialerOperations
import DialerOperator
import DialerStore
import DialerTestSupport
import Foundation
import Testing

/// API keys through the real `dialerctl` and the control socket: made once, stored as a hash, revoked by name or prefix.
@Suite("dialerctl api-keys and apiKeys.*")
struct APIKeyCommandTests {
    let ctl = DialerctlBinaryTests()

    @Test func createShowsTheKeyOnceAndStoresOnlyItsHash() async throws {
        try await withHarness { h in
            let made = try await ctl.dialerctl(["api-keys", "create", "--name", "ci", "--scope", "operate"], socket: h.socketPath)
            #expect(made.status == 0, "stderr: \(made.stderr)")
            let key = try #require(made.stdout.split(separator: "\n").first.map(String.init))
            #expect(APIKeyToken.isWellFormed(key))
            let stored = try #require(try await h.store.apiKey(hash: APIKeyToken.hash(key)))
            #expect(stored.name == "ci")
            #expect(stored.scope == .operate)
            #expect(key.hasPrefix(stored.prefix + "_"))

            let listed = try await ctl.dialerctl(["api-keys", "list"], socket: h.socketPath)
            #expect(listed.stdout.contains("ci  operate  \(stored.prefix)"))
            #expect(!listed.stdout.contains(String(key.suffix(40))) && !listed.stdout.contains(stored.keyHash))
            let json = try await ctl.dialerctl(["api-keys", "list", "--json"], socket: h.socketPath)
            #expect(!json.stdout.contains(stored.keyHash) && !json.stdout.contains(String(key.suffix(40))))

            let again = try await ctl.dialerctl(["api-keys", "create", "--name", "ci", "--scope", "read"], socket: h.socketPath)
            #expect(again.status != 0)
            #expect(again.stderr.contains("an API key named \"ci\" exists already"))
            let badScope = try await ctl.dialerctl(["api-keys", "create", "--name", "x", "--scope", "root"], socket: h.socketPath)
            #expect(badScope.stderr.contains("scope must be read, operate or admin, got \"root\""))
            let badName = try await ctl.dialerctl(["api-keys", "create", "--name", "dk_x", "--scope", "read"], socket: h.socketPath)
            #expect(badName.stderr.contains("may not start with \"dk_\""))
        }
    }

    @Test func revokeByNameOrPrefix() async throws {
        try await withHarness { h in
            _ = try await ctl.dialerctl(["api-keys", "create", "--name", "first", "--scope", "read"], socket: h.socketPath)
            let second = try await ctl.dialerctl(["api-keys", "create", "--name", "second", "--scope", "admin"], socket: h.socketPath)
            let prefix = String(try #require(second.stdout.split(separator: "\n").first).prefix(11))
            #expect(try await ctl.dialerctl(["api-keys", "revoke", "first"], socket: h.socketPath).stdout.contains("API key \"first\""))
            let byPrefix = try await ctl.dialerctl(["api-keys", "revoke", prefix], socket: h.socketPath)
            #expect(byPrefix.stdout.contains("API key \"second\" (\(prefix)) revoked"), "stderr: \(byPrefix.stderr)")
            let missing = try await ctl.dialerctl(["api-keys", "revoke", "first"], socket: h.socketPath)
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("no unrevoked API key named or prefixed \"first\""))
            #expect(try await h.store.listAPIKeys().allSatisfy { $0.revokedAt == ControlHarness.t0 })
        }
    }

    @Test func revokingTellsTheAPIAtOnce() async throws {
        let store = InMemoryStore()
        let told = LockedValue<[String]>([])
        let operations = APIKeyOperations(store: store, clock: ManualWallClock(start: ControlHarness.t0)) { hash in told.withLock { $0.append(hash) }
        }
        let created = try await operations.create(name: "ops", scope: "admin")
        _ = try await operations.revoke("ops")
        #expect(told.withLock { $0 } == [APIKeyToken.hash(created.key)])
    }
}

import DialerStore
import Foundation
import Testing

/// The wire-compatible test server started by `scripts/test` (see scripts/test-db), shared by
/// every test target that talks to a real database.
public enum TestDatabase {
    public static var baseURI: String? { ProcessInfo.processInfo.environment["DIALER_TEST_MONGO_URI"] }
    /// The server executable, for tests that start and kill a server of their own.
    public static var serverCommand: String? { ProcessInfo.processInfo.environment["DIALER_TEST_DB_SERVER"] }

    /// A fresh database on the shared test server, with every index created.
    public static func freshStore() async throws -> MongoStore {
        try await freshStoreAndURI().store
    }

    public static func freshStoreAndURI() async throws -> (store: MongoStore, uri: String) {
        guard let base = baseURI else {
            Issue.record("DIALER_TEST_MONGO_URI is not set: run the tests with scripts/test, which starts the test database")
            throw StoreError.unavailable("no test database")
        }
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased()
        let databaseURI = uri(base, database: String(name))
        let store = try MongoStore(uri: databaseURI)
        _ = try await store.ensureIndexes()
        return (store, databaseURI)
    }

    /// A fresh database, with every index created, on a server process of the caller's own,
    /// which runs as long as the caller keeps `server`.
    public static func ownServerStore() async throws -> (store: MongoStore, uri: String, server: OwnedServer) {
        let server = try OwnedServer()
        try await server.start()
        let databaseURI = uri(server.uri, database: "dialer")
        let store = try MongoStore(uri: databaseURI)
        _ = try await store.ensureIndexes()
        return (store, databaseURI, server)
    }

    /// `base` with its database name replaced, options kept.
    public static func uri(_ base: String, database: String) -> String {
        guard let schemeEnd = base.range(of: "://") else { return base }
        let rest = base[schemeEnd.upperBound...]
        let hostPart = rest.prefix { $0 != "/" && $0 != "?" }
        let query = rest.firstIndex(of: "?").map { String(rest[$0...]) } ?? ""
        return "mongodb://\(hostPart)/\(database)\(query)"
    }
}

import CMongoc
import Foundation
import Logging
import NIOPosix

/// A libmongoc client pool whose blocking calls run on a dedicated thread pool, never on
/// Swift's cooperative pool.
public final class MongoConnection: Sendable {
    public static let defaultURI = "mongodb://127.0.0.1:27017/dialer"

    public let databaseName: String
    /// The URI with credentials masked, for logs and errors.
    public let redactedURI: String
    private let pool: PoolHandle
    private nonisolated(unsafe) let uri: OpaquePointer
    private let threads: NIOThreadPool

    public init(uri text: String = MongoConnection.defaultURI, poolSize: Int = 8, appName: String = "dialerd") throws {
        MongoConnection.initializeDriver()
        let withDefaults = MongoConnection.applyDefaults(to: text, appName: appName)
        redactedURI = MongoConnection.redact(text)
        let error = dialer_error_alloc()!
        defer { dialer_error_free(error) }
        guard let parsed = mongoc_uri_new_with_error(withDefaults, error) else {
            throw StoreError.invalidArgument("MongoDB URI \(redactedURI) is invalid: \(String(cString: dialer_error_message(error)))")
        }
        uri = parsed
        databaseName = mongoc_uri_get_database(parsed).map { String(cString: $0) } ?? "dialer"
        guard let created = mongoc_client_pool_new(parsed) else {
            mongoc_uri_destroy(parsed)
            throw StoreError.invalidArgument("MongoDB URI \(redactedURI) could not start a client pool")
        }
        pool = PoolHandle(pointer: created)
        mongoc_client_pool_set_error_api(created, 2)
        mongoc_client_pool_max_size(created, UInt32(poolSize))
        threads = NIOThreadPool(numberOfThreads: poolSize)
        threads.start()
    }

    deinit {
        try? threads.syncShutdownGracefully()
        mongoc_client_pool_destroy(pool.pointer)
        mongoc_uri_destroy(uri)
    }

    /// Runs `body` with a pooled client on the store's own threads.
    @discardableResult
    func withClient<T: Sendable>(_ body: @escaping @Sendable (OpaquePointer) throws -> T) async throws -> T {
        let pool = self.pool
        do {
            return try await threads.runIfActive {
                let client = mongoc_client_pool_pop(pool.pointer)!
                defer { mongoc_client_pool_push(pool.pointer, client) }
                return try body(client)
            }
        } catch let error as StoreError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw StoreError.unavailable("store is shut down")
        }
    }

    @discardableResult
    func withCollection<T: Sendable>(_ name: String, _ body: @escaping @Sendable (OpaquePointer) throws -> T) async throws -> T {
        let database = databaseName
        return try await withClient { client in
            let collection = mongoc_client_get_collection(client, database, name)!
            defer { mongoc_collection_destroy(collection) }
            return try body(collection)
        }
    }

    private static let driverStarted: Bool = {
        mongoc_init()
        mongoc_log_set_handler(
            { level, domain, message, _ in
                let text = message.map { String(cString: $0) } ?? ""
                let domainText = domain.map { String(cString: $0) } ?? "mongoc"
                switch level {
                case MONGOC_LOG_LEVEL_ERROR, MONGOC_LOG_LEVEL_CRITICAL:
                    mongocLogger.error("\(text)", metadata: ["domain": "\(domainText)"])
                case MONGOC_LOG_LEVEL_WARNING:
                    mongocLogger.warning("\(text)", metadata: ["domain": "\(domainText)"])
                default:
                    mongocLogger.trace("\(text)", metadata: ["domain": "\(domainText)"])
                }
            }, nil)
        return true
    }()

    static func initializeDriver() { _ = driverStarted }

    /// libmongoc waits 30 s for a server by default; an outage must surface in seconds.
    static func applyDefaults(to uri: String, appName: String) -> String {
        var result = uri
        let defaults = [
            ("serverSelectionTimeoutMS", "2000"), ("connectTimeoutMS", "2000"),
            ("socketTimeoutMS", "60000"), ("appname", appName)
        ]
        for (key, value) in defaults where !result.lowercased().contains(key.lowercased() + "=") {
            let separator = result.contains("?") ? "&" : (result.dropFirst("mongodb://".count).contains("/") ? "?" : "/?")
            result += "\(separator)\(key)=\(value)"
        }
        return result
    }

    static func redact(_ uri: String) -> String {
        guard let schemeEnd = uri.range(of: "://"), let at = uri.range(of: "@", range: schemeEnd.upperBound..<uri.endIndex) else {
            return uri
        }
        return uri.replacingCharacters(in: schemeEnd.upperBound..<at.lowerBound, with: "***")
    }
}

let mongocLogger = Logger(label: "dialer.mongoc")

/// libmongoc's pool is thread-safe by contract; only pop and push touch it.
private struct PoolHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

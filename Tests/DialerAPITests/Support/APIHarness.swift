import DialerAPI
import DialerCore
import DialerCrypto
import DialerHTTP
import DialerStore
import DialerTelephony
import DialerWebhooks
import Foundation
import Logging
import Metrics
import Prometheus
import Testing

/// An `APIServer` on 127.0.0.1 (OS-picked port) over an in-memory store (or a given one) and a
/// fake backend, a libcurl client, one key of each scope, and a record of every log line.
final class APIHarness: Sendable {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    let store: any CampaignStore
    let backend: FakeBackend
    let clock: ManualWallClock
    let logs = LogRecord()
    let registry = PrometheusCollectorRegistry()
    let server: APIServer
    let port: Int
    /// A key of each scope, as its holder would send it.
    let keys: [APIScope: String]
    private let client: CurlHTTPClient
    private let task: Task<Void, any Error>

    private init(store: any CampaignStore, configuration: APIServerConfiguration, recordingAudio: (any RecordingAudioSource)?) async throws {
        self.store = store
        clock = ManualWallClock(start: Self.t0)
        backend = FakeBackend(store: store, clock: clock)
        var keys: [APIScope: String] = [:]
        for scope in APIScope.knownCases {
            let issued = APIKeyToken.issue()
            _ = try await store.insertAPIKey(
                APIKey(name: "\(scope.rawValue)-key", scope: scope, keyHash: issued.hash, prefix: issued.prefix, now: Self.t0))
            keys[scope] = issued.key
        }
        self.keys = keys
        let registry = self.registry
        server = APIServer(
            configuration: configuration,
            dependencies: APIDependencies(
                store: store, backend: backend, health: HealthCheck(store: store),
                metrics: { registry.emitToBuffer() }, recordingAudio: recordingAudio, clock: clock, logger: logs.logger(),
                metricsFactory: PrometheusMetricsFactory(registry: registry)))
        let server = self.server
        task = Task { try await server.run() }
        port = try await server.listeningPort()
        client = try CurlHTTPClient()
    }

    static func with<T>(
        store: (any CampaignStore)? = nil, configuration: APIServerConfiguration = APIServerConfiguration(host: "127.0.0.1", port: 0),
        recordingAudio: (any RecordingAudioSource)? = nil, _ body: (APIHarness) async throws -> T
    ) async throws -> T {
        let harness = try await APIHarness(store: store ?? InMemoryStore(), configuration: configuration, recordingAudio: recordingAudio)
        defer { harness.task.cancel() }
        return try await body(harness)
    }

    /// `key`: nil sends no Authorization header; `.some(scope)` sends that scope's key.
    func request(
        _ method: String, _ path: String, scope: APIScope? = .admin, authorization: String? = nil, body: [UInt8]? = nil,
        contentType: String? = "application/json"
    ) async throws -> HTTPResponse {
        var headers: [HTTPHeader] = []
        if let authorization {
            headers.append(HTTPHeader("Authorization", authorization))
        } else if let scope, let key = keys[scope] {
            headers.append(HTTPHeader("Authorization", "Bearer \(key)"))
        }
        if body != nil, let contentType { headers.append(HTTPHeader("Content-Type", contentType)) }
        return try await client.send(
            HTTPRequest(method: method, url: "http://127.0.0.1:\(port)\(path)", headers: headers, body: body, maxResponseBytes: 64 << 20))
    }

    func get(_ path: String, scope: APIScope? = .read) async throws -> HTTPResponse { try await request("GET", path, scope: scope) }

    func json(_ response: HTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }
}

func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

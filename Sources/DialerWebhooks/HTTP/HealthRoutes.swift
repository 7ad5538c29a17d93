import DialerStore
import Foundation
import Hummingbird

/// `/healthz`: the process answers. `/readyz`: the database answered a ping within two seconds
/// (at most a second ago, see `DatabaseProbe`), every required service has started, and no
/// shutdown has begun; otherwise 503 with a JSON body that says what is missing. They share the
/// webhook server's port, so a load balancer checks what providers reach; the operator API's
/// listener answers them too, from the same `HealthCheck`.
public enum HealthRoutes {
    public static func register<Context: RequestContext>(
        on router: Router<Context>, store: any StoreHealth,
        readiness: Readiness? = nil,
        isDraining: @escaping @Sendable () async -> Bool = { false },
        probe: DatabaseProbe? = nil
    ) {
        register(on: router, check: HealthCheck(store: store, readiness: readiness, isDraining: isDraining, probe: probe))
    }

    public static func register<Context: RequestContext>(on router: Router<Context>, check: HealthCheck) {
        router.get("healthz") { _, _ -> Response in check.liveness() }
        router.get("readyz") { _, _ -> Response in await check.readinessResponse() }
    }
}

/// The answers of `/healthz` and `/readyz`, for every listener that serves them.
public struct HealthCheck: Sendable {
    private let probe: DatabaseProbe
    private let readiness: Readiness?
    private let isDraining: @Sendable () async -> Bool

    public init(
        store: any StoreHealth, readiness: Readiness? = nil, isDraining: @escaping @Sendable () async -> Bool = { false },
        probe: DatabaseProbe? = nil
    ) {
        self.probe = probe ?? DatabaseProbe(store: store)
        self.readiness = readiness
        self.isDraining = isDraining
    }

    public func liveness() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
    }

    public func report() async -> ReadinessReport {
        let reachable = await probe.reachable()
        let draining = await isDraining()
        return ReadinessReport(
            databaseReachable: reachable, missing: readiness?.missing ?? [], stopping: (readiness?.isStopping ?? false) || draining)
    }

    public func readinessResponse() async -> Response {
        let report = await report()
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: report.ready ? .ok : .serviceUnavailable, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: report.json)))
    }
}

/// The body of `/readyz`: `{"ready":false,"database":"unreachable","missing":["scheduler"],"stopping":false}`.
public struct ReadinessReport: Codable, Sendable, Equatable {
    public var ready: Bool
    public var database: String
    public var missing: [String]
    public var stopping: Bool

    public init(databaseReachable: Bool, missing: [String], stopping: Bool) {
        ready = databaseReachable && missing.isEmpty && !stopping
        database = databaseReachable ? "ok" : "unreachable"
        self.missing = missing
        self.stopping = stopping
    }

    var json: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array((try? encoder.encode(self)) ?? Data()) + [UInt8(ascii: "\n")]
    }
}

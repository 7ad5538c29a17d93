import ArgumentParser
import DialerAPI
import DialerCore
import DialerCrypto
import DialerEngine
import DialerOperations
import DialerStore
import Foundation
import Logging
import ServiceLifecycle

/// The operator API's read path under load: an `APIServer` in this process on an in-memory store
/// seeded with one campaign and its calls, driven by wrk with a read key. What it measures is the
/// HTTP layer, authentication and the route table, not a database.
struct APIBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api", abstract: "Requests/s and latency of the operator API (in-process, in-memory store) under wrk.")

    @Option(help: "Calls to seed.") var calls = 10_000
    @Option(help: "wrk connections.") var connections = 64
    @Option(help: "wrk threads.") var threads = 2
    @Option(help: "Seconds per route.") var seconds = 10

    func run() async throws {
        guard Self.onPath("wrk") else {
            print("wrk is not installed: apt-get install wrk (https://github.com/wg/wrk)")
            throw ExitCode.failure
        }
        let store = InMemoryStore()
        let campaignId = try await Self.seed(store, calls: calls)
        let issued = APIKeyToken.issue()
        _ = try await store.insertAPIKey(APIKey(name: "bench", scope: .read, keyHash: issued.hash, prefix: issued.prefix, now: Date()))

        var logger = Logger(label: "dialer.api")
        logger.logLevel = .warning
        let clock = SystemWallClock()
        let backend = EngineOperatorBackend(
            store: store, operations: CampaignOperations(store: store, providers: ProviderRegistry([]), clock: clock),
            scheduler: IdleScheduler(), instanceId: "bench", clock: clock)
        let server = APIServer(
            configuration: APIServerConfiguration(host: "127.0.0.1", port: 0),
            dependencies: APIDependencies(store: store, backend: backend, clock: clock, logger: logger))
        // Stopped by graceful shutdown, which closes wrk's keep-alive connections in order; cancelling
        // the server's task with them open trips NIO's "NIOAsyncWriter deinited without finish".
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [.init(service: server)], gracefulShutdownSignals: [], logger: logger))
        let serving = Task { try await group.run() }
        let port = try await server.listeningPort()
        var failure: (any Error)?
        do { try await measure(port: port, campaignId: campaignId, key: issued.key) } catch { failure = error }
        await group.triggerGracefulShutdown()
        try await serving.value
        if let failure { throw failure }
    }

    private func measure(port: Int, campaignId: ObjectId, key: String) async throws {
        print("operator API benchmark: \(calls) calls in an in-memory store, wrk -c\(connections) -t\(threads) -d\(seconds)s, read key")
        print("route                                          requests/s    p50 ms    p99 ms  non-2xx  socket-errors")
        for path in ["/api/db/campaigns/\(campaignId.hex)", "/api/db/calls?page=3&limit=50"] {
            let wrk = WrkRun(
                url: "http://127.0.0.1:\(port)\(path)", connections: connections, threads: threads, seconds: seconds,
                headers: ["Authorization: Bearer \(key)"])
            let figures = try await Self.offThePool { try wrk.run() }
            let label = path.replacingOccurrences(of: campaignId.hex, with: "{id}")
            print(
                label.padding(toLength: 45, withPad: " ", startingAt: 0)
                    + String(
                        format: "  %10.0f  %8.2f  %8.2f  %7d  %13d", figures.requestsPerSecond, figures.p50 * 1000, figures.p99 * 1000,
                        figures.non2xx, figures.socketErrors))
        }
    }

    /// One active campaign, its contacts, and `count` finished calls spread over them.
    static func seed(_ store: InMemoryStore, calls count: Int) async throws -> ObjectId {
        let now = Date()
        var campaign = Campaign(name: "Bench", status: .active, now: now)
        campaign.callerId = "+14155550000"
        let campaignId = try await store.insertCampaign(campaign)
        let contacts = (0..<1000).map { n in
            Contact(phoneNumber: "+1212555\(String(format: "%04d", n))", name: "Contact \(n)", campaignIds: [campaignId], now: now)
        }
        let contactIds = try await store.insertContacts(contacts)
        for n in 0..<count {
            var call = Call(
                attemptId: "bench-\(n)", provider: .twilio, attempt: 1, status: n % 4 == 0 ? .noAnswer : .completed, from: "+14155550000",
                to: contacts[n % contacts.count].phoneNumber, campaignId: campaignId, contactId: contactIds[n % contactIds.count],
                contactName: contacts[n % contacts.count].name, now: now.addingTimeInterval(Double(n - count)))
            call.callSid = "CA" + String(format: "%032d", n)
            call.duration = n % 4 == 0 ? nil : 20 + n % 200
            _ = try await store.insertCall(call)
        }
        return campaignId
    }

    /// wrk blocks its caller until it exits; a Dispatch thread does the waiting, so the server's
    /// handlers keep the whole cooperative pool.
    static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    static func onPath(_ name: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
        }
    }
}

/// The API's campaign actions reach no scheduler here; the benchmark only reads.
private struct IdleScheduler: SchedulerControl {
    var running: [ObjectId] { [] }
    var isDraining: Bool { false }
    func drain() async {}
    func wake(_ campaignId: ObjectId?) async {}
}

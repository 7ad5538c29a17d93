import DialerCore
import DialerHTTP
import DialerStore
import DialerWebhooks
import Foundation
import Hummingbird
import Logging
import Synchronization
import Testing

/// `/readyz` answers from a recent ping instead of sending one per request.
@Suite("Readiness: database pings") struct ReadyzProbeTests {
    final class CountingPing: Sendable {
        private let count = Mutex(0)
        var calls: Int { count.withLock { $0 } }
        func ping() async throws { count.withLock { $0 += 1 } }
    }

    @Test func requestsWithinTheFreshnessWindowShareOnePing() async throws {
        let clock = ManualWallClock(start: WebhookHarness.t0)
        let pings = CountingPing()
        let probe = DatabaseProbe(clock: clock, freshFor: .seconds(1)) { try await pings.ping() }
        let router = Router()
        HealthRoutes.register(on: router, store: InMemoryStore(), probe: probe)
        let server = WebhookServer(
            configuration: WebhookHarness.configuration(), store: InMemoryStore(), listener: RecordingListener(),
            clock: clock, router: router, logger: Logger(label: "readyz-tests", factory: { _ in SwiftLogNoOpLogHandler() }))
        let serverTask = Task { try await server.run() }
        let client = try CurlHTTPClient()
        do {
            let url = "http://127.0.0.1:\(try await server.listeningPort())/readyz"
            let readyz: @Sendable () async throws -> Int = { try await client.send(DialerHTTP.HTTPRequest(method: "GET", url: url)).status }
            let concurrent = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 { group.addTask { try await readyz() } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(concurrent == Array(repeating: 200, count: 10))
            for _ in 0..<5 { #expect(try await readyz() == 200) }
            clock.advance(by: .milliseconds(900))
            #expect(try await readyz() == 200)
            #expect(pings.calls == 1, "15 requests within a second of the ping")
            clock.advance(by: .milliseconds(200))
            #expect(try await readyz() == 200)
            #expect(try await readyz() == 200)
            #expect(pings.calls == 2, "a result older than a second is not served")
        } catch {
            Issue.record(error)
        }
        serverTask.cancel()
        _ = try? await serverTask.value
        await client.shutdown()
    }

    @Test func anUnreachableDatabaseIsReportedAndAskedAgainOnceStale() async throws {
        let clock = ManualWallClock(start: WebhookHarness.t0)
        let attempts = Mutex(0)
        let probe = DatabaseProbe(clock: clock, freshFor: .seconds(1)) {
            let n = attempts.withLock {
                $0 += 1
                return $0
            }
            if n == 1 { throw StoreError.unavailable("down") }
        }
        #expect(await probe.reachable() == false)
        #expect(await probe.reachable() == false)
        clock.advance(by: .seconds(1))
        #expect(await probe.reachable() == true)
        #expect(attempts.withLock { $0 } == 2)
    }
}

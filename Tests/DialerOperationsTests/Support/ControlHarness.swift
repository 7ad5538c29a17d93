import DialerControl
import DialerCore
import DialerEngine
import DialerOperations
import DialerOperator
import DialerSheets
import DialerStore
import DialerTelephony
import DialerTestSupport
import Foundation
import Logging

/// A control server on a real Unix socket in a temp directory, over an in-memory store, a fake
/// provider, a fake scheduler and a manual clock. `withHarness` tears it all down.
struct ControlHarness {
    /// Monday 2026-11-23 15:00 UTC: 10:00 in New York, 02:00 Tuesday in Sydney.
    static let t0 = ISO8601DateFormatter().date(from: "2026-11-23T15:00:00Z")!
    static let instanceId = "dialerd-test-1"

    let store = InMemoryStore()
    let provider: FakeCallProvider
    let clock: ManualWallClock
    let scheduler = FakeSchedulerControl()
    let limiter: TokenBucketLimiter<ManualWallClock>
    let operations: CampaignOperations
    let backend: EngineOperatorBackend
    let directory: TempSocketDirectory
    let configuration: ControlServerConfiguration

    var socketPath: String { configuration.socketPath }

    /// - Parameter sheets: builds the sheet sync over the harness's store and clock; nil: sheets off.
    init(
        allowedUIDs: Set<UInt32>? = nil, groupID: UInt32? = nil, maxLineBytes: Int = ControlProtocol.maxLineBytes,
        sheets: ((any CampaignStore, any WallClock) -> any SheetOperations)? = nil
    ) throws {
        let clock = ManualWallClock(start: Self.t0)
        self.clock = clock
        provider = FakeCallProvider(kind: .twilio, defaultOutcome: .placed(.queued), now: { clock.now.date })
        limiter = TokenBucketLimiter(ratePerSecond: 5, burst: 5, clock: clock)
        operations = CampaignOperations(store: store, providers: ProviderRegistry([provider]), clock: clock)
        backend = EngineOperatorBackend(
            store: store, operations: operations, scheduler: scheduler, cps: limiter,
            instanceId: Self.instanceId, clock: clock, sheets: sheets?(store, clock))
        directory = try TempSocketDirectory()
        configuration = ControlServerConfiguration(
            socketPath: directory.socketPath, groupID: groupID, allowedUIDs: allowedUIDs,
            watchInterval: .seconds(1), maxLineBytes: maxLineBytes)
    }

    func server() -> ControlServer {
        ControlServer(configuration: configuration, backend: backend, clock: clock, logger: Logger(label: "test.control"))
    }

    /// Binds and serves for the duration of `body`.
    static func with<R>(_ harness: ControlHarness, _ body: (ControlHarness) async throws -> R) async throws -> R {
        let bound: BoundControlServer
        do {
            bound = try await harness.server().bind()
        } catch {
            harness.directory.remove()
            throw error
        }
        let serving = Task { try await bound.serve() }
        func tearDown() async {
            serving.cancel()
            _ = await serving.result
            harness.directory.remove()
        }
        do {
            let result = try await body(harness)
            await tearDown()
            return result
        } catch {
            await tearDown()
            throw error
        }
    }

    func connect<R: Sendable>(_ body: (ControlConnection) async throws -> R) async throws -> R {
        try await ControlClient.withConnection(socketPath: socketPath, body)
    }

    /// One `hello` on a fresh connection.
    func helloSucceeds() async throws -> Bool {
        try await connect { try await $0.request("hello") }.ok
    }

    // MARK: Fixtures

    @discardableResult
    func campaign(
        _ name: String = "Renewals", status: CampaignStatus = .active, contacts: Int = 0,
        settings: CampaignSettings = CampaignSettings(callDelay: 1000, maxConcurrentCalls: 3, retryCount: 1, retryDelay: 5000),
        window: CallingWindow? = nil, phone: (Int) -> String = { String(format: "+1212555%04d", $0) }
    ) async throws -> ObjectId {
        var campaign = Campaign(name: name, status: status, settings: settings, now: clock.now.date)
        campaign.callerId = "+14155550100"
        campaign.callingWindow = window
        let id = try await store.insertCampaign(campaign)
        let list = (0..<contacts).map { Contact(phoneNumber: phone($0), name: "Contact \($0)", campaignIds: [id], now: clock.now.date) }
        _ = try await store.insertContacts(list)
        try await store.setTotalContacts(id: id, contacts, now: clock.now.date)
        return id
    }

    /// A runner of the real engine over this harness's store and provider, leased to `instanceId`.
    func runner(for id: ObjectId) async throws -> CampaignRunner {
        let deps = EngineDependencies(
            store: store, providers: ProviderRegistry([provider]), limiter: PassThroughRateLimiter(), clock: clock,
            config: EngineConfiguration(instanceId: Self.instanceId, callbackBaseURL: "https://dialer.example.com"),
            logger: Logger(label: "test.engine"))
        let now = clock.now.date
        _ = try await store.acquireCampaignLease(id: id, owner: Self.instanceId, now: now, until: now.addingTimeInterval(3600))
        let runner = CampaignRunner(campaign: try await store.campaign(id: id)!, deps: deps, endHandler: CallEndHandler(deps: deps))
        try await runner.prepare(now: now)
        return runner
    }
}

func withHarness<R>(_ harness: ControlHarness? = nil, _ body: (ControlHarness) async throws -> R) async throws -> R {
    try await ControlHarness.with(try harness ?? ControlHarness(), body)
}

extension ControlResponse {
    var code: String? { error?.code.rawValue }
}

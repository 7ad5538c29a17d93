import DialerCore
import DialerEngine
import DialerStore
import DialerTelephony
import Foundation
import Logging

@testable import DialerWebhooks

/// The account's calls-per-second cap as one queue of slots: each caller gets the next free one.
final class SimLimiter: CallRateLimiter, @unchecked Sendable {
    private let kernel: SimKernel
    private let interval: Double
    private let lock = NSLock()
    private var nextFree = Date.distantPast

    init(kernel: SimKernel, cps: Double) {
        self.kernel = kernel
        interval = 1 / cps
    }

    func acquire() async throws {
        let slot: Date = lock.withLock {
            let slot = max(kernel.now, nextFree)
            nextFree = slot.addingTimeInterval(interval)
            return slot
        }
        try await kernel.sleep(until: slot)
    }
}

/// One dialerd: its poller, its campaign runs and its reconciler, as processes of the kernel.
/// Mirrors `Scheduler` and `CampaignDrive`, whose own tasks the kernel could not order.
final class SimInstance: @unchecked Sendable {
    let name: String
    let deps: EngineDependencies
    let handler: CallEndHandler
    let updater: CallUpdater
    private let kernel: SimKernel
    private let world: SimWorld
    private let lock = NSLock()
    private var running: Set<ObjectId> = []

    init(name: String, world: SimWorld) {
        self.name = name
        self.world = world
        kernel = world.kernel
        deps = EngineDependencies(
            store: world.store, providers: ProviderRegistry([world.provider]), limiter: world.limiter,
            clock: SimClock(kernel: world.kernel), config: world.config(instance: name),
            logger: Logger(label: "sim", factory: { _ in SwiftLogNoOpLogHandler() }))
        handler = CallEndHandler(deps: deps)
        updater = CallUpdater(store: world.store, logger: deps.logger)
    }

    func start() async {
        await kernel.spawn("poller-\(name)", instance: name) { try await self.poll() }
        let reconciler = Reconciler(deps: deps, listener: CountedCallEnds(handler: handler, world: world))
        await kernel.spawn("reconciler-\(name)", instance: name) {
            while true {
                await reconciler.reconcileOnce()
                try await self.kernel.sleep(until: self.kernel.now + self.deps.config.reconcileInterval.seconds)
            }
        }
    }

    private var store: any EngineStore { deps.store }
    private var config: EngineConfiguration { deps.config }

    private func poll() async throws {
        while true {
            let now = kernel.now
            let excluding = lock.withLock { Array(running).sorted { $0.hex < $1.hex } }
            let due = try await store.dueCampaigns(now: now, leasableBy: name, excluding: excluding, limit: 100)
            for campaign in due {
                let until = now + config.leaseDuration.seconds
                guard let id = campaign.id, let leased = try await store.acquireCampaignLease(id: id, owner: name, now: now, until: until),
                    lock.withLock({ running.insert(id).inserted })
                else { continue }
                await kernel.spawn("run-\(name)-\(id.hex.suffix(4))", instance: name) {
                    defer { self.lock.withLock { _ = self.running.remove(id) } }
                    try await self.drive(leased)
                }
            }
            // An idle poller looks less often: a second-by-second poll over a simulated night is most of a run's cost.
            let idle = due.isEmpty && lock.withLock { running.isEmpty }
            try await kernel.sleep(until: kernel.now + (idle ? 30 : config.pollInterval.seconds))
        }
    }

    private func drive(_ campaign: Campaign) async throws {
        let id = campaign.id!
        let runner = CampaignRunner(campaign: campaign, deps: deps, endHandler: handler)
        // As `LeaseKeeper` in `CampaignDrive`: renewals go on while a step waits.
        let lease = SimLease()
        defer { lease.finish() }
        await kernel.spawn("lease-\(name)-\(id.hex.suffix(4))", instance: name) {
            while !lease.isFinished {
                try await self.kernel.sleep(until: self.kernel.now + self.config.leaseDuration.seconds / 3)
                if lease.isFinished { return }
                if try await !self.renewLease(id) { return lease.lose() }
            }
        }
        try await runner.prepare(now: kernel.now)
        loop: while true {
            if lease.isLost { break }
            let result = try await runner.step(now: kernel.now)
            if ProcessInfo.processInfo.environment["DIALER_SIM_TRACE"] != nil { print("trace \(kernel.now) \(name) \(id.hex.suffix(4)) \(result)") }
            switch result {
            case .placed:
                continue
            case .waitForCalls(let until):
                try await kernel.sleep(until: until)
            case .wait(let until):
                if until > kernel.now + config.parkAfter.seconds, try await store.countInFlightCalls(campaignId: id) == 0 {
                    try await store.setCampaignSchedule(id: id, nextExecution: until, lastExecuted: nil, now: kernel.now)
                    break loop
                }
                try await kernel.sleep(until: min(until, kernel.now + config.leaseDuration.seconds / 3))
            case .finished(.completed):
                let recount = try await StatsRecount.stats(campaignId: id, store: store)
                await world.checkLiveStats(campaignId: id, recount: recount)
                _ = try await store.completeCampaign(id: id, recount: recount, now: kernel.now)
                break loop
            case .finished(.notDialable):
                break loop
            }
        }
        while try await store.countInFlightCalls(campaignId: id) > 0 {
            _ = try await renewLease(id)
            try await kernel.sleep(until: kernel.now + config.pollInterval.seconds)
        }
        try await store.releaseCampaignLease(id: id, owner: name)
    }

    private func renewLease(_ id: ObjectId) async throws -> Bool {
        let now = kernel.now
        return try await store.acquireCampaignLease(id: id, owner: name, now: now, until: now + config.leaseDuration.seconds) != nil
    }

    /// What the webhook server does with a status callback: the call moves forward, and the
    /// update that ends it tells the engine.
    func deliver(_ callback: SimCallback) async throws {
        let now = kernel.now
        var fields = CallFields(answeredBy: callback.answeredBy)
        if callback.status == .inProgress { fields.startTime = now }
        if callback.status.isTerminal {
            fields.endTime = now
            fields.duration = callback.duration
        }
        let result = try await updater.update(
            keys: [.callSid(callback.callSid), .attemptId(callback.attemptId)], status: callback.status,
            fields: fields, identity: CallFields(callSid: callback.callSid), now: now)
        if case .advanced(let call) = result, call.status.isTerminal { await CountedCallEnds(handler: handler, world: world).callEnded(call) }
    }
}

/// Tells the world while a call's end is being applied: between its claim's finish and its
/// stats' `$inc`, a runner may find nothing left and complete the campaign (its recount counts
/// the call), so the live stats cannot be compared then.
struct CountedCallEnds: CallEndListener {
    let handler: CallEndHandler
    let world: SimWorld

    nonisolated(nonsending) func callEnded(_ call: Call) async {
        world.endStarted()
        await handler.callEnded(call)
        world.endFinished()
    }
}

/// A run's lease as its keeper process last found it.
final class SimLease: @unchecked Sendable {
    private let lock = NSLock()
    private var lost = false
    private var finished = false

    var isLost: Bool { lock.withLock { lost } }
    var isFinished: Bool { lock.withLock { finished } }
    func lose() { lock.withLock { lost = true } }
    func finish() { lock.withLock { finished = true } }
}

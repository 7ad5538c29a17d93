import DialerCore
import DialerStore
import Foundation
import Logging
import ServiceLifecycle

/// Finds due campaigns, leases them, and runs each in its own task. One per dialerd.
public actor Scheduler: Service, CallEndListener {
    private let deps: EngineDependencies
    private nonisolated let endHandler: CallEndHandler
    private var runs: [ObjectId: Task<Void, Never>] = [:]
    /// The wakers of `runs`, under a lock rather than in the actor: a call end wakes its runner
    /// from whatever executor reported it, without two hops through the scheduler.
    private nonisolated let runWakers = LockedValue<[ObjectId: Waker]>([:])
    private nonisolated let pollWaker = Waker()
    private var draining = false
    private let drainFlag = DrainFlag()
    private var logger: Logger

    public init(deps: EngineDependencies) {
        self.deps = deps
        self.logger = deps.logger
        endHandler = CallEndHandler(deps: deps) { [runWakers, pollWaker] campaignId in
            // Only a runner waiting for a free slot is woken; one sleeping out its pacing gap
            // reads the in-flight count afresh when it wakes anyway.
            Self.wake(campaignId, .callEnded, runWakers: runWakers, pollWaker: pollWaker)
        }
    }

    /// Wakes the campaign's runner, or the poller when it has none (or no campaign is named).
    private static func wake(
        _ campaignId: ObjectId?, _ reason: Waker.Reason, runWakers: LockedValue<[ObjectId: Waker]>,
        pollWaker: Waker
    ) {
        if let campaignId, let waker = runWakers.withLock({ $0[campaignId] }) { waker.wake(reason) } else { pollWaker.wake() }
    }

    /// Campaigns this instance is running now.
    public var running: [ObjectId] { Array(runs.keys) }
    public var isDraining: Bool { draining }

    /// On the reporter's executor: the end is recorded in the store, which needs no scheduler state.
    public nonisolated(nonsending) func callEnded(_ call: Call) async { await endHandler.callEnded(call) }

    /// A call ended, or an operator acted: look again now rather than at the next poll.
    public func wake(_ campaignId: ObjectId? = nil) {
        Self.wake(campaignId, .other, runWakers: runWakers, pollWaker: pollWaker)
    }

    public func run() async throws {
        logger.info("scheduler started", metadata: ["instanceId": "\(deps.config.instanceId)"])
        await withTaskExecutorPreference(deps.executor) {
            await withGracefulShutdownHandler {
                while !Task.isCancelled && !draining {
                    await pollOnce()
                    await pollWaker.sleep(until: deps.now + deps.config.pollInterval.seconds, clock: deps.clock)
                }
            } onGracefulShutdown: {
                Task { await self.drain() }
            }
            await finishRuns()
        }
        logger.info("scheduler stopped")
    }

    /// Stop claiming; runs finish their live calls (up to the drain deadline) and end.
    public func drain() {
        guard !draining else { return }
        draining = true
        drainFlag.raise(deadline: deps.now + deps.config.drainDeadline.seconds)
        logger.info("draining: no new calls will be claimed")
        pollWaker.wake()
        runWakers.withLock { Array($0.values) }.forEach { $0.wake() }
    }

    private func finishRuns() async {
        let tasks = Array(runs.values)
        if Task.isCancelled { tasks.forEach { $0.cancel() } }
        for task in tasks { await task.value }
    }

    /// One poll: lease and start every due campaign not already running here. The store returns
    /// only campaigns fit to run (it sets the others aside), and a failure on one campaign is
    /// logged and passed over, so no single document stops the rest.
    public func pollOnce() async {
        guard !draining else { return }
        let now = deps.now
        let due: [Campaign]
        do {
            due = try await deps.store.dueCampaigns(now: now, leasableBy: deps.config.instanceId, excluding: Array(runs.keys), limit: 100)
        } catch {
            logger.error("poll failed", metadata: ["error": "\(error)"])
            return
        }
        for campaign in due {
            guard let id = campaign.id, runs[id] == nil else { continue }
            do {
                try await lease(id, now: now)
            } catch {
                logger.error("could not start a due campaign", metadata: ["campaignId": "\(id)", "error": "\(error)"])
            }
        }
    }

    private func lease(_ id: ObjectId, now: Date) async throws {
        let owner = deps.config.instanceId
        guard let leased = try await deps.store.acquireCampaignLease(id: id, owner: owner, now: now, until: now + deps.config.leaseDuration.seconds)
        else { return }
        // Edited since the poll read it: the next poll sets it aside; until then it must not run.
        guard leased.validate().isEmpty else {
            try await deps.store.releaseCampaignLease(id: id, owner: owner)
            return
        }
        start(leased)
    }

    private func start(_ campaign: Campaign) {
        let id = campaign.id!
        let waker = Waker()
        let runner = CampaignRunner(campaign: campaign, deps: deps, endHandler: endHandler)
        let drive = CampaignDrive(runner: runner, deps: deps, waker: waker, drainDeadline: { [drainFlag] in drainFlag.drainDeadline })
        let task = Task(executorPreference: deps.executor) { [weak self] in
            await drive.run()
            await self?.finished(id)
        }
        runs[id] = task
        runWakers.withLock { $0[id] = waker }
    }

    private func finished(_ id: ObjectId) {
        runs[id] = nil
        runWakers.withLock { $0[id] = nil }
        pollWaker.wake()
    }
}

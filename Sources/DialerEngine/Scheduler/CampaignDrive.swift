import DialerCore
import DialerStore
import Foundation
import Logging

/// The loop around one runner: steps it, sleeps between steps, renews the lease, and ends the
/// run: completed, parked until its next due time, or handed back. The lease is released only
/// when no call of the campaign is live.
struct CampaignDrive: Sendable {
    let runner: CampaignRunner
    let deps: EngineDependencies
    let waker: Waker
    /// Non-nil once the scheduler drains: the time to stop waiting for live calls.
    let drainDeadline: @Sendable () -> Date?

    private var store: any EngineStore { deps.store }
    private var id: ObjectId { runner.campaignId }

    func run() async { await run(on: runner) }

    /// Isolated to the runner: a step is then a call on the actor the loop is already on,
    /// instead of a hop onto it and back for every step.
    private func run(on runner: isolated CampaignRunner) async {
        var logger = deps.logger
        logger[metadataKey: "campaignId"] = "\(id)"
        let keeper = LeaseKeeper()
        let keeping = Task { [deps, id, waker] in await keeper.keep(campaignId: id, deps: deps) { waker.wake() } }
        defer { keeping.cancel() }
        do {
            try await runner.prepare(now: deps.now)
            loop: while !Task.isCancelled {
                if drainDeadline() != nil { break }
                if keeper.isLost {
                    logger.warning("lease lost; stopping")
                    break
                }
                if let renewed = keeper.takeRenewed() {
                    // Edited while it runs (`maxConcurrentCalls: 0` would wait for a free line, and hold
                    // the lease, forever): stop, and once no call is live the poll sets it aside.
                    let issues = renewed.validate()
                    guard issues.isEmpty else {
                        logger.warning("campaign no longer valid; stopping", metadata: ["reason": "\(Campaign.setAsideReason(issues))"])
                        break
                    }
                }
                switch try await runner.step(now: deps.now) {
                case .placed:
                    continue
                case .waitForCalls(let until):
                    await waker.sleep(until: until, clock: deps.clock)
                case .wait(let until):
                    if until > deps.now + deps.config.parkAfter.seconds, try await store.countInFlightCalls(campaignId: id) == 0 {
                        try await store.setCampaignSchedule(id: id, nextExecution: until, lastExecuted: nil, now: deps.now)
                        logger.info("parked until next due time", metadata: ["nextExecution": "\(until)"])
                        break loop
                    }
                    // A call end cannot shorten this wait (pacing, a retry, a window): only an operator or a drain.
                    await waker.sleep(
                        until: min(until, deps.now + deps.config.leaseDuration.seconds / 3), clock: deps.clock,
                        endsOnCallEnd: false, tolerance: deps.config.pacingTolerance)
                case .finished(.completed):
                    let recount = try await StatsRecount.stats(campaignId: id, store: store)
                    // Announced before the transition, which happens once: a crash after it would
                    // leave nothing to announce it again, while a crash before it runs this again.
                    try await deps.events?.campaignCompleting(id: id, stats: recount)
                    if try await store.completeCampaign(id: id, recount: recount, now: deps.now) {
                        logger.info("campaign completed")
                    } else {
                        try await deps.events?.campaignCompletionRefused(id: id)
                    }
                    break loop
                case .finished(.notDialable):
                    break loop
                }
            }
            try await releaseWhenNoCallIsLive(logger: logger)
        } catch is CancellationError {
            return
        } catch {
            logger.error("campaign run failed; it will be picked up again", metadata: ["error": "\(error)"])
            try? await releaseWhenNoCallIsLive(logger: logger)
        }
    }

    private nonisolated(nonsending) func renew() async throws -> Campaign? {
        let now = deps.now
        return try await store.acquireCampaignLease(id: id, owner: deps.config.instanceId, now: now, until: now + deps.config.leaseDuration.seconds)
    }

    /// Waits for live calls to end, renewing the lease meanwhile; when draining, gives up at the
    /// deadline and keeps the lease, so no other instance takes over calls that are still live.
    private nonisolated(nonsending) func releaseWhenNoCallIsLive(logger: Logger) async throws {
        while try await store.countInFlightCalls(campaignId: id) > 0 {
            if Task.isCancelled { return }
            let deadline = drainDeadline()
            if let deadline, deps.now >= deadline {
                logger.warning("drain deadline reached with live calls; keeping the lease")
                return
            }
            _ = try await renew()
            let nextLook = deps.now + deps.config.pollInterval.seconds
            await waker.sleep(until: deadline.map { min($0, nextLook) } ?? nextLook, clock: deps.clock)
        }
        try await store.releaseCampaignLease(id: id, owner: deps.config.instanceId)
    }
}

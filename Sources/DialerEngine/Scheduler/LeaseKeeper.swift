import DialerCore
import DialerStore
import Foundation

/// Renews a running campaign's lease every third of its duration, whatever the run is doing. A
/// step may wait longer than the lease for a CPS slot; renewed only between steps, the lease lapsed
/// under that wait, another instance took it, and its own wait lapsed it back: with a low cap two
/// instances passed the campaign to and fro and neither dialed (the simulation's seed 18).
final class LeaseKeeper: Sendable {
    private struct State {
        var lost = false
        var renewed: Campaign?
    }

    private let state = LockedValue(State())

    /// True once a renewal was refused: paused, stopped, or taken over.
    var isLost: Bool { state.withLock { $0.lost } }

    /// The campaign as the latest renewal returned it, once.
    func takeRenewed() -> Campaign? {
        state.withLock { state in
            defer { state.renewed = nil }
            return state.renewed
        }
    }

    /// Runs until cancelled or the lease is lost; `lost` is called once when it is.
    func keep(campaignId: ObjectId, deps: EngineDependencies, lost: @Sendable () -> Void) async {
        let every = deps.config.leaseDuration.seconds / 3
        while !Task.isCancelled {
            do {
                try await deps.clock.sleep(until: deps.now + every)
                let now = deps.now
                let renewed = try await deps.store.acquireCampaignLease(
                    id: campaignId, owner: deps.config.instanceId, now: now,
                    until: now + deps.config.leaseDuration.seconds)
                let isLost = state.withLock { state in
                    state.renewed = renewed
                    state.lost = renewed == nil
                    return state.lost
                }
                if isLost { return lost() }
            } catch is CancellationError {
                return
            } catch {
                // A failed renewal is tried again a third of a lease later; two more chances remain.
                deps.logger.warning("lease renewal failed", metadata: ["campaignId": "\(campaignId)", "error": "\(error)"])
            }
        }
    }
}

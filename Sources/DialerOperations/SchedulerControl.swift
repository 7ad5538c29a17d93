import DialerCore
import DialerEngine

/// The scheduler as the operator backend sees it; `Scheduler` conforms.
public protocol SchedulerControl: Sendable {
    /// Campaigns this instance runs (holds the lease of) now.
    var running: [ObjectId] { get async }
    var isDraining: Bool { get async }
    /// Stop claiming; live calls finish, then the scheduler's `run()` returns.
    func drain() async
    /// Look at a campaign now (or poll, for nil) rather than at the next poll.
    func wake(_ campaignId: ObjectId?) async
}

extension Scheduler: SchedulerControl {}

import DialerCore
import Foundation

/// Whether the scheduler is draining, and until when live calls are waited for, readable
/// without a hop to the scheduler actor: every runner checks it before each step, so it must
/// cost a lock, not an actor turn.
final class DrainFlag: Sendable {
    private let deadline = LockedValue<Date?>(nil)

    /// When the drain stops waiting for live calls; nil while not draining. One deadline for
    /// every run, counted from the drain's start, so a run busy when the drain began gets no extra time.
    var drainDeadline: Date? { deadline.withLock { $0 } }

    func raise(deadline: Date) { self.deadline.withLock { if $0 == nil { $0 = deadline } } }
}

import Foundation

/// Whether the scheduler is draining, and until when live calls are waited for, readable
/// without a hop to the scheduler actor: every runner checks it before each step, so it must
/// cost a lock, not an actor turn.
final class DrainFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var deadline: Date?

    /// When the drain stops waiting for live calls; nil while not draining. One deadline for
    /// every run, counted from the drain's start, so a run busy when the drain began gets no extra time.
    var drainDeadline: Date? { lock.withLock { deadline } }

    func raise(deadline: Date) { lock.withLock { if self.deadline == nil { self.deadline = deadline } } }
}

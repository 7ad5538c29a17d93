import Foundation

/// Whether the scheduler is draining, readable without a hop to the scheduler actor: every
/// runner checks it before each step, so it must cost a lock, not an actor turn.
final class DrainFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    var isRaised: Bool { lock.withLock { raised } }

    func raise() { lock.withLock { raised = true } }
}

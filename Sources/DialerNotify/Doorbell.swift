import DialerCore
import Foundation

/// Wakes the deliverer early: when an event is queued, or when shutdown begins. A ring while
/// nobody waits is kept for the next wait, so an event queued during a delivery pass is not
/// left until the next poll.
final class Doorbell: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var rung = false
    private var closed = false
    private var waiter: CheckedContinuation<Void, Never>?

    var isClosed: Bool { lock.withLock { closed } }

    func ring() {
        let waiting: CheckedContinuation<Void, Never>? = lock.withLock {
            rung = waiter == nil
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume()
    }

    /// Every later wait returns at once.
    func close() {
        lock.withLock { closed = true }
        ring()
    }

    /// Returns at `deadline` on `clock`, at a ring, at close or at cancellation, whichever is first.
    func wait(until deadline: Date, clock: any WallClock) async {
        let timer = clock.schedule(at: WallInstant(deadline), tolerance: .zero) { [weak self] in self?.ring() }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now: Bool = lock.withLock {
                    if rung || closed || Task.isCancelled {
                        rung = false
                        return true
                    }
                    waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            ring()
        }
    }
}

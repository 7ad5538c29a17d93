import DialerCore
import Foundation

/// A sleep that an event can cut short: a call end wakes a runner waiting for a free slot.
/// A wake that arrives while nobody sleeps is kept for the next sleep.
final class Waker: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?

    func wake() {
        let continuation: CheckedContinuation<Void, Never>? = lock.withLock {
            if let waiter {
                self.waiter = nil
                return waiter
            }
            pending = true
            return nil
        }
        continuation?.resume()
    }

    /// Returns at `deadline`, on a wake, or on cancellation, whichever comes first.
    func sleep(until deadline: Date, clock: any WallClock) async {
        if lock.withLock({ () -> Bool in
            defer { pending = false }
            return pending
        }) { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(until: deadline) }
            group.addTask { await self.signal() }
            await group.next()
            group.cancelAll()
        }
    }

    private func signal() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = lock.withLock {
                    if pending || Task.isCancelled {
                        pending = false
                        return true
                    }
                    waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, Never>? = lock.withLock {
                defer { waiter = nil }
                return waiter
            }
            continuation?.resume()
        }
    }
}

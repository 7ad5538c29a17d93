import DialerCore
import Foundation

/// A sleep that an event can cut short: a call end wakes a runner waiting for a free slot.
/// A wake that arrives while nobody sleeps is kept for the next sleep it concerns.
///
/// The sleeper parks on one continuation and the clock's timer resumes it at the deadline,
/// so a sleep costs one timer and one resume: no child tasks, no task group.
final class Waker: @unchecked Sendable {
    enum Reason: Sendable {
        /// A call of the campaign ended: it matters only to a runner waiting for a free slot.
        case callEnded
        /// An operator acted, or the scheduler drains: it ends any sleep.
        case other
    }

    private struct Sleeper {
        let id: UInt64
        let continuation: CheckedContinuation<Void, Never>
        let endsOnCallEnd: Bool
        var timer: WallClockTimer?
    }

    private let lock = NSLock()
    private var pendingCallEnd = false
    private var pendingOther = false
    private var sleeper: Sleeper?
    private var serial: UInt64 = 0

    func wake(_ reason: Reason = .other) {
        let woken: Sleeper? = lock.withLock {
            if let current = sleeper, reason == .other || current.endsOnCallEnd {
                sleeper = nil
                return current
            }
            // A sleeper that ignores call ends (pacing) steps afterwards and reads the database
            // then, so only a wake that comes while nobody sleeps needs keeping.
            if sleeper == nil {
                if reason == .other { pendingOther = true } else { pendingCallEnd = true }
            }
            return nil
        }
        woken?.timer?.cancel()
        woken?.continuation.resume()
    }

    /// Returns at `deadline`, on a wake, or on cancellation, whichever comes first.
    /// - Parameter endsOnCallEnd: false for a sleep that no call end can shorten (pacing, a
    ///   retry or window wait): the step after it reads the in-flight count afresh anyway.
    /// - Parameter tolerance: how late the wake may come to share the thread's wake with other work.
    /// On the caller's actor, so the sleeper resumes straight onto it (see `EngineLoop.sleep` for
    /// why an `isolated` parameter and not `nonisolated(nonsending)`).
    func sleep(
        until deadline: Date, clock: any WallClock, endsOnCallEnd: Bool = true,
        tolerance: Duration = .zero, isolation: isolated (any Actor)? = #isolation
    ) async {
        await withTaskCancellationHandler {
            _ = isolation
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let id: UInt64? = lock.withLock {
                    let pending = pendingOther || (endsOnCallEnd && pendingCallEnd)
                    pendingOther = false
                    pendingCallEnd = false
                    if pending || Task.isCancelled { return nil }
                    serial += 1
                    sleeper = Sleeper(id: serial, continuation: continuation, endsOnCallEnd: endsOnCallEnd)
                    return serial
                }
                guard let id else { return continuation.resume() }
                let timer = clock.schedule(at: WallInstant(deadline), tolerance: tolerance) { [weak self] in self?.resume(id) }
                let ended: Bool = lock.withLock {
                    guard sleeper?.id == id else { return true }
                    sleeper?.timer = timer
                    return false
                }
                if ended { timer.cancel() }
            }
        } onCancel: {
            let woken: Sleeper? = lock.withLock {
                defer { sleeper = nil }
                return sleeper
            }
            woken?.timer?.cancel()
            woken?.continuation.resume()
        }
    }

    /// The timer fired: resume the sleep it was set for, if that sleep is still on.
    private func resume(_ id: UInt64) {
        let woken: Sleeper? = lock.withLock {
            guard let current = sleeper, current.id == id else { return nil }
            sleeper = nil
            return current
        }
        woken?.continuation.resume()
    }
}

import Foundation

/// A monotonic clock whose sleeps are timers on an `EngineLoop`: a task running on the loop
/// wakes on the loop's own thread instead of through Dispatch's timer thread.
public struct LoopClock: Clock {
    public typealias Instant = ContinuousClock.Instant
    public let loop: EngineLoop

    public init(loop: EngineLoop) { self.loop = loop }

    public var now: Instant { ContinuousClock.now }
    public var minimumResolution: Duration { .microseconds(1) }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try await loop.sleep(until: deadline, tolerance: tolerance ?? .zero)
    }
}

extension EngineLoop {
    /// Sleeps until `deadline` on this loop's timers; throws `CancellationError` if cancelled first.
    ///
    /// Stays on the caller's actor: `nonisolated(nonsending)` would not carry into the closure of
    /// `withTaskCancellationHandler`, which then hopped to the generic executor and back (two
    /// loop enqueues a sleep); a closure that captures an `isolated` parameter runs on it.
    public func sleep(
        until deadline: ContinuousClock.Instant, tolerance: Duration = .zero,
        isolation: isolated (any Actor)? = #isolation
    ) async throws {
        let state = SleepState()
        try await withTaskCancellationHandler {
            _ = isolation
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                guard state.arm(continuation) else { return }
                let timer = schedule(at: deadline, tolerance: tolerance) { state.finish(with: nil) }
                state.attach(timer)
            }
        } onCancel: {
            state.finish(with: CancellationError())
        }
    }
}

/// One sleep's continuation, resumed once: by its timer or by cancellation, whichever is first.
private final class SleepState: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, any Error>?
    private var timer: WallClockTimer?
    private var done = false

    /// False when cancellation came first (the continuation is then resumed already).
    func arm(_ continuation: CheckedContinuation<Void, any Error>) -> Bool {
        let cancelled: Bool = lock.withLock {
            if done { return true }
            self.continuation = continuation
            return false
        }
        if cancelled { continuation.resume(throwing: CancellationError()) }
        return !cancelled
    }

    func attach(_ timer: WallClockTimer) {
        let finished: Bool = lock.withLock {
            if done { return true }
            self.timer = timer
            return false
        }
        if finished { timer.cancel() }
    }

    func finish(with error: (any Error)?) {
        let (continuation, timer): (CheckedContinuation<Void, any Error>?, WallClockTimer?) = lock.withLock {
            if done { return (nil, nil) }
            done = true
            defer {
                self.continuation = nil
                self.timer = nil
            }
            return (self.continuation, self.timer)
        }
        if error != nil { timer?.cancel() }
        if let error { continuation?.resume(throwing: error) } else { continuation?.resume() }
    }
}

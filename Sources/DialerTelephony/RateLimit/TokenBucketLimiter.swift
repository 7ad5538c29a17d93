import DialerCore
import NIOCore

/// Grants at most `ratePerSecond` acquisitions per second, measured in every
/// sliding one-second window, not only in windows aligned to whole seconds.
///
/// Two rules decide when the next waiter may go:
/// - a token bucket (GCRA form) of `burst` tokens refilled every `grantInterval`
///   keeps starts evenly spaced;
/// - a log of the last `windowLimit` grant times holds the next grant until the
///   oldest of them is a full second old. A bare token bucket lets `burst` grants
///   out at once and then the refill on top, so `burst + rate` in one second;
///   the log is what makes the sliding-window bound hold.
///
/// The bucket's schedule does not slip when a sleeping limiter wakes a little
/// late, so saturated throughput stays at the configured rate; the log uses the
/// real grant times, so lateness can never squeeze two windows' grants into one.
///
/// The window holds at most `max(1, ⌊ratePerSecond⌋)` grants, so a rate above 1
/// that is not whole is served at its whole part. Providers set whole-number limits.
///
/// State is under a lock, not in an actor: `acquire` runs on the caller's executor, so a free
/// slot costs no hop, and only a caller that must wait parks on a continuation.
public final class TokenBucketLimiter<C: Clock>: CallRateLimiter, @unchecked Sendable where C.Duration == Duration {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    /// Times are offsets from `origin`: concrete `Duration`s, so the hot path runs specialized
    /// code even where the clock type stays generic across modules (as `[C.Instant]` it went
    /// through value witnesses for every element moved).
    private struct State {
        /// Grant times, oldest first, at most `windowLimit` of them. A ring, because every grant
        /// drops the oldest: an array shifted all `windowLimit` entries down each time.
        var recentGrants = CircularBuffer<Duration>()
        /// GCRA's theoretical arrival time: when the bucket is next full again.
        var theoreticalArrival: Duration?
        var waiters = CircularBuffer<Waiter>()
        var nextWaiterID: UInt64 = 0
        var pumping = false
        var grantsTotal = 0
    }

    private enum PumpStep {
        case stop
        case sleep(until: Duration)
        case resume(CheckedContinuation<Void, any Error>)
    }

    public let configuredRate: Double
    public let burst: Int
    /// Most grants in any one-second window.
    public let windowLimit: Int
    /// The spacing of grants once the burst is spent: 1/rate, rounded up.
    public let grantInterval: Duration
    /// Added to the window before the oldest grant frees a slot: the network between us and the
    /// carrier jitters by a few milliseconds, and the carrier counts arrivals, not our grants.
    public let guardBand: Duration

    private let clock: C
    private static var window: Duration { .seconds(1) }
    private let origin: C.Instant
    private let state = LockedValue(State())
    /// Where the pump task runs; with the clock's timers on the same thread (an engine loop),
    /// a grant costs no thread hand-off.
    private let executor: (any TaskExecutor)?

    /// - Parameters:
    ///   - ratePerSecond: the provider's calls-per-second limit; Twilio's default is 1.
    ///   - burst: grants allowed back to back after idling; clamped to `1...windowLimit`.
    public init(
        ratePerSecond: Double = 1.0, burst: Int = 1, guardBand: Duration = .zero, clock: C,
        executor: (any TaskExecutor)? = nil
    ) {
        self.executor = executor
        self.guardBand = guardBand
        precondition(ratePerSecond.isFinite && ratePerSecond > 0, "the rate must be positive")
        configuredRate = ratePerSecond
        windowLimit = max(1, Int(ratePerSecond.rounded(.down)))
        self.burst = min(max(1, burst), windowLimit)
        grantInterval = Self.interval(forRate: ratePerSecond)
        self.clock = clock
        origin = clock.now
    }

    /// Read under the lock, so grants enter the log in time order whichever thread makes them.
    private var now: Duration { origin.duration(to: clock.now) }

    public nonisolated(nonsending) func acquire() async throws {
        try Task.checkCancellation()
        let queued: UInt64? = state.withLock { state in
            if state.waiters.isEmpty {
                let now = self.now
                if dueTime(state, at: now) <= now {
                    grant(&state, at: now)
                    return nil
                }
            }
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        if let queued { try await wait(queued) }
    }

    /// The caller's actor is passed on (see `EngineLoop.sleep`), so a waiter resumes on it directly.
    private func wait(_ id: UInt64, isolation: isolated (any Actor)? = #isolation) async throws {
        try await withTaskCancellationHandler {
            _ = isolation
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // The cancellation flag is set before the handler runs, and the handler takes this
                // lock: either it is seen here, or the handler finds the waiter queued.
                let (cancelled, startPump): (Bool, Bool) = state.withLock { state in
                    if Task.isCancelled { return (true, false) }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    defer { state.pumping = true }
                    return (false, !state.pumping)
                }
                if cancelled { return continuation.resume(throwing: CancellationError()) }
                if startPump { Task(executorPreference: executor) { await self.pump() } }
            }
        } onCancel: {
            cancelWaiter(id)
        }
    }

    /// Grants in the second up to now, for the "CPS in use" gauge.
    public func grantsInLastSecond() -> Int {
        state.withLock { state in
            let now = self.now
            return state.recentGrants.count(where: { now - $0 < Self.window })
        }
    }

    /// Callers waiting for a grant right now.
    public var waitingCount: Int { state.withLock { $0.waiters.count } }

    public var grantsTotal: Int { state.withLock { $0.grantsTotal } }

    // MARK: Scheduling

    private func dueTime(_ state: State, at now: Duration) -> Duration {
        var due = now
        if let theoreticalArrival = state.theoreticalArrival {
            due = max(due, theoreticalArrival + grantInterval * -(burst - 1))
        }
        if state.recentGrants.count >= windowLimit, let oldest = state.recentGrants.first {
            due = max(due, oldest + Self.window + guardBand)
        }
        return due
    }

    private func grant(_ state: inout State, at now: Duration) {
        // Waking up to one interval late keeps the schedule; idling longer starts a new one.
        let base: Duration
        if let theoreticalArrival = state.theoreticalArrival, now < theoreticalArrival + grantInterval {
            base = theoreticalArrival
        } else {
            base = now
        }
        state.theoreticalArrival = base + grantInterval
        if state.recentGrants.count >= windowLimit { state.recentGrants.removeFirst() }
        state.recentGrants.append(now)
        state.grantsTotal += 1
    }

    /// One sleeper at a time serves the queue in order, so a burst of arrivals
    /// costs one timer, and cancelled waiters leave no gap in the schedule.
    private func pump() async {
        while true {
            let step: PumpStep = state.withLock { state in
                guard let head = state.waiters.first else {
                    state.pumping = false
                    return .stop
                }
                let now = self.now
                let due = dueTime(state, at: now)
                if due > now { return .sleep(until: due) }
                state.waiters.removeFirst()
                grant(&state, at: now)
                return .resume(head.continuation)
            }
            switch step {
            case .stop:
                return
            case .sleep(let due):
                // Nobody cancels this task, so sleep cannot throw here; the
                // loop re-reads the queue after it either way.
                try? await clock.sleep(until: origin.advanced(by: due), tolerance: nil)
            case .resume(let continuation):
                continuation.resume()
            }
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        let cancelled: Waiter? = state.withLock { state in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        cancelled?.continuation.resume(throwing: CancellationError())
    }

    private static func interval(forRate rate: Double) -> Duration {
        let attosecondsPerSecond: Int64 = 1_000_000_000_000_000_000
        if rate >= 1, rate == rate.rounded(), rate <= 1e9 {
            // Whole rates in integers, rounded up, so `rate` intervals never undercut a second.
            let whole = Int64(rate)
            return Duration(
                secondsComponent: 0,
                attosecondsComponent: (attosecondsPerSecond + whole - 1) / whole)
        }
        return .seconds(1 / rate)
    }
}

extension TokenBucketLimiter where C == ContinuousClock {
    public convenience init(ratePerSecond: Double = 1.0, burst: Int = 1) {
        self.init(ratePerSecond: ratePerSecond, burst: burst, clock: ContinuousClock())
    }
}

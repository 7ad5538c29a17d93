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
public actor TokenBucketLimiter<C: Clock>: CallRateLimiter where C.Duration == Duration {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    public nonisolated let configuredRate: Double
    public nonisolated let burst: Int
    /// Most grants in any one-second window.
    public nonisolated let windowLimit: Int
    /// The spacing of grants once the burst is spent: 1/rate, rounded up.
    public nonisolated let grantInterval: Duration

    private let clock: C
    private static var window: Duration { .seconds(1) }
    /// Added to the window before the oldest grant frees a slot: the network between us and the
    /// carrier jitters by a few milliseconds, and the carrier counts arrivals, not our grants.
    public nonisolated let guardBand: Duration

    /// Times below are kept as offsets from this instant: concrete `Duration`s, so the hot path
    /// runs specialized code even where the clock type stays generic across modules (as
    /// `[C.Instant]` it went through value witnesses for every element moved).
    private let origin: C.Instant
    /// Grant times, oldest first, at most `windowLimit` of them. A ring, because every grant
    /// drops the oldest: an array shifted all `windowLimit` entries down each time.
    private var recentGrants = CircularBuffer<Duration>()
    /// GCRA's theoretical arrival time: when the bucket is next full again.
    private var theoreticalArrival: Duration?
    private var waiters = CircularBuffer<Waiter>()
    private var nextWaiterID: UInt64 = 0
    private var pumping = false
    /// Where the pump task runs; with the clock's timers on the same thread (an engine loop),
    /// a grant costs no thread hand-off.
    private let executor: (any TaskExecutor)?

    public private(set) var grantsTotal = 0

    /// - Parameters:
    ///   - ratePerSecond: the provider's calls-per-second limit; Twilio's default is 1.
    ///   - burst: grants allowed back to back after idling; clamped to `1...windowLimit`.
    public init(ratePerSecond: Double = 1.0, burst: Int = 1, guardBand: Duration = .zero, clock: C,
                executor: (any TaskExecutor)? = nil) {
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

    private var now: Duration { origin.duration(to: clock.now) }

    public func acquire() async throws {
        try Task.checkCancellation()
        if waiters.isEmpty {
            let now = self.now
            if dueTime(at: now) <= now {
                grant(at: now)
                return
            }
        }
        let id = nextWaiterID
        nextWaiterID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append(Waiter(id: id, continuation: continuation))
                startPumpIfNeeded()
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Grants in the second up to now, for the "CPS in use" gauge.
    public func grantsInLastSecond() -> Int {
        let now = self.now
        return recentGrants.count(where: { now - $0 < Self.window })
    }

    /// Callers waiting for a grant right now.
    public var waitingCount: Int { waiters.count }

    // MARK: Scheduling

    private func dueTime(at now: Duration) -> Duration {
        var due = now
        if let theoreticalArrival {
            due = max(due, theoreticalArrival + grantInterval * -(burst - 1))
        }
        if recentGrants.count >= windowLimit, let oldest = recentGrants.first {
            due = max(due, oldest + Self.window + guardBand)
        }
        return due
    }

    private func grant(at now: Duration) {
        // Waking up to one interval late keeps the schedule; idling longer starts a new one.
        let base: Duration
        if let theoreticalArrival, now < theoreticalArrival + grantInterval {
            base = theoreticalArrival
        } else {
            base = now
        }
        theoreticalArrival = base + grantInterval
        if recentGrants.count >= windowLimit { recentGrants.removeFirst() }
        recentGrants.append(now)
        grantsTotal += 1
    }

    private func startPumpIfNeeded() {
        guard !pumping else { return }
        pumping = true
        Task(executorPreference: executor) { await self.pump() }
    }

    /// One sleeper at a time serves the queue in order, so a burst of arrivals
    /// costs one timer, and cancelled waiters leave no gap in the schedule.
    private func pump() async {
        while let head = waiters.first {
            let now = self.now
            let due = dueTime(at: now)
            if due > now {
                // Nobody cancels this task, so sleep cannot throw here; the
                // loop re-reads the queue after it either way.
                try? await clock.sleep(until: origin.advanced(by: due), tolerance: nil)
                continue
            }
            waiters.removeFirst()
            grant(at: now)
            head.continuation.resume()
        }
        pumping = false
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    private static func interval(forRate rate: Double) -> Duration {
        let attosecondsPerSecond: Int64 = 1_000_000_000_000_000_000
        if rate >= 1, rate == rate.rounded(), rate <= 1e9 {
            // Whole rates in integers, rounded up, so `rate` intervals never undercut a second.
            let whole = Int64(rate)
            return Duration(secondsComponent: 0,
                            attosecondsComponent: (attosecondsPerSecond + whole - 1) / whole)
        }
        return .seconds(1 / rate)
    }
}

extension TokenBucketLimiter where C == ContinuousClock {
    public init(ratePerSecond: Double = 1.0, burst: Int = 1) {
        self.init(ratePerSecond: ratePerSecond, burst: burst, clock: ContinuousClock())
    }
}

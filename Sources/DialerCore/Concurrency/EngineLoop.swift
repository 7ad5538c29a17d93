import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One thread that runs the engine's tasks and fires their timers.
///
/// A `Task.sleep` wake passes from Dispatch's timer thread to a worker, which hands the resumed
/// task to another thread; a thread that sleeps on its own condition variable and runs what woke
/// it costs a fraction of that (README, Benchmarks: `dialer-bench timers`). Engine work is short
/// and never blocks (the store and the HTTP client block on threads of their own), so one thread
/// serves it, and a pacing timer fires on the thread
/// where the paced task then runs: a placed call costs a wake or two instead of a dozen.
///
/// Tasks run here when created with this as their executor preference; the actors they call
/// (default actors) then run here too.
public final class EngineLoop: TaskExecutor, @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var jobs: [UnownedJob] = []
    private var timers = TimerHeap()
    private var waiting = false
    private var stopping = false

    public init(name: String = "dialer-engine") {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        // Monotonic, so a wall-clock step cannot stall or rush the timers.
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
        NamedThread.start(name) { [self] in run() }
    }

    // The thread holds the loop until it stops, so this runs only after `shutdown`.
    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Stops the thread once the jobs queued so far have run; timers still set never fire.
    /// Only for tests and tools that make many loops: dialerd keeps its one loop for its life.
    public func shutdown() {
        locked { stopping = true }
        pthread_cond_signal(condition)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let wake: Bool = locked {
            jobs.append(job)
            return waiting
        }
        if wake { pthread_cond_signal(condition) }
    }

    /// Runs `action` on this thread at `deadline`, or up to `tolerance` later if another wake
    /// comes by then, unless the returned timer is cancelled first. Never early.
    public func schedule(
        at deadline: ContinuousClock.Instant, tolerance: Duration = .zero,
        _ action: @escaping @Sendable () -> Void
    ) -> WallClockTimer {
        let nanoseconds = Self.monotonicNanoseconds(at: deadline)
        let slack = Self.nanoseconds(tolerance)
        let (id, wake): (UInt64, Bool) = locked {
            let earliest = timers.nextWake().map { nanoseconds + slack < $0 } ?? true
            return (timers.insert(deadline: nanoseconds, tolerance: slack, action: action), earliest && waiting)
        }
        if wake { pthread_cond_signal(condition) }
        return WallClockTimer { [weak self] in self?.locked { self?.timers.cancel(id) } }
    }

    private func run() {
        var batch: [UnownedJob] = []
        pthread_mutex_lock(mutex)
        while !stopping || !jobs.isEmpty {
            if !jobs.isEmpty {
                swap(&batch, &jobs)
                pthread_mutex_unlock(mutex)
                for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
                batch.removeAll(keepingCapacity: true)
                pthread_mutex_lock(mutex)
                continue
            }
            if stopping { break }
            if let action = timers.popDue(now: Self.monotonicNow()) {
                pthread_mutex_unlock(mutex)
                action()
                pthread_mutex_lock(mutex)
                continue
            }
            waiting = true
            if let deadline = timers.nextWake() {
                var time = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
                pthread_cond_timedwait(condition, mutex, &time)
            } else {
                pthread_cond_wait(condition, mutex)
            }
            waiting = false
        }
        pthread_mutex_unlock(mutex)
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    private static func monotonicNow() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// `ContinuousClock` may count time suspended and the condition variable does not, so a
    /// deadline travels as its distance from now.
    private static func monotonicNanoseconds(at deadline: ContinuousClock.Instant) -> Int64 {
        monotonicNow() + max(0, nanoseconds(ContinuousClock.now.duration(to: deadline)))
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

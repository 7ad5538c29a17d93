import Foundation

/// A clock that moves only when told to: tests advance it by hand and sleepers wake in order.
public final class ManualWallClock: WallClock, @unchecked Sendable {
    private struct Sleeper {
        let id: Int
        let deadline: WallInstant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct Timer {
        let id: Int
        let deadline: WallInstant
        let action: @Sendable () -> Void
    }

    private let lock = NSLock()
    private var current: WallInstant
    private var sleepers: [Sleeper] = []
    private var timers: [Timer] = []
    private var nextId = 0

    public init(start: Date) { current = WallInstant(start) }

    public var now: WallInstant { lock.withLock { current } }
    public var minimumResolution: Duration { .nanoseconds(1) }
    /// Tasks sleeping on this clock, and timers set on it (a waker's sleep is a timer).
    public var sleeperCount: Int { lock.withLock { sleepers.count + timers.count } }

    public func sleep(until deadline: WallInstant, tolerance: Duration?) async throws {
        let id: Int = lock.withLock {
            nextId += 1
            return nextId
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready: Bool = lock.withLock {
                    if deadline <= current || Task.isCancelled { return true }
                    sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return false
                }
                if ready { continuation.resume() }
            }
            try Task.checkCancellation()
        } onCancel: {
            let sleeper: Sleeper? = lock.withLock {
                guard let index = sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Fires at the deadline: a tolerance lets a real clock share wakes, and tests want exact times.
    public func schedule(at deadline: WallInstant, tolerance: Duration, _ action: @escaping @Sendable () -> Void) -> WallClockTimer {
        let id: Int? = lock.withLock {
            guard deadline > current else { return nil }
            nextId += 1
            timers.append(Timer(id: nextId, deadline: deadline, action: action))
            return nextId
        }
        guard let id else {
            action()
            return WallClockTimer {}
        }
        return WallClockTimer { [weak self] in
            guard let self else { return }
            lock.withLock { timers.removeAll { $0.id == id } }
        }
    }

    /// Moves time to `date` and wakes every sleeper, and fires every timer, whose deadline has come.
    public func advance(to date: Date) {
        let (woken, fired): ([Sleeper], [Timer]) = lock.withLock {
            current = max(current, WallInstant(date))
            let due = sleepers.filter { $0.deadline <= current }
            sleepers.removeAll { $0.deadline <= current }
            let dueTimers = timers.filter { $0.deadline <= current }
            timers.removeAll { $0.deadline <= current }
            return (due, dueTimers)
        }
        woken.forEach { $0.continuation.resume() }
        fired.forEach { $0.action() }
    }

    public func advance(by duration: Duration) { advance(to: now.advanced(by: duration).date) }
}

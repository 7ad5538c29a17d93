import Foundation

/// A clock that moves only when told to: tests advance it by hand and sleepers wake in order.
public final class ManualWallClock: WallClock, @unchecked Sendable {
    private struct Sleeper {
        let id: Int
        let deadline: WallInstant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let lock = NSLock()
    private var current: WallInstant
    private var sleepers: [Sleeper] = []
    private var nextId = 0

    public init(start: Date) { current = WallInstant(start) }

    public var now: WallInstant { lock.withLock { current } }
    public var minimumResolution: Duration { .nanoseconds(1) }
    public var sleeperCount: Int { lock.withLock { sleepers.count } }

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

    /// Moves time to `date` and wakes every sleeper whose deadline has come.
    public func advance(to date: Date) {
        let woken: [Sleeper] = lock.withLock {
            current = max(current, WallInstant(date))
            let due = sleepers.filter { $0.deadline <= current }
            sleepers.removeAll { $0.deadline <= current }
            return due
        }
        woken.forEach { $0.continuation.resume() }
    }

    public func advance(by duration: Duration) { advance(to: now.advanced(by: duration).date) }
}

import Foundation

/// An instant on the wall clock. The engine needs real dates (for the database, calling
/// windows and retries) and injectable time (for tests), so its clock's instants are dates.
public struct WallInstant: InstantProtocol, Sendable, Hashable, Comparable {
    public var date: Date

    public init(_ date: Date) { self.date = date }

    public func advanced(by duration: Duration) -> WallInstant { WallInstant(date.addingTimeInterval(duration.seconds)) }
    public func duration(to other: WallInstant) -> Duration { .seconds(other.date.timeIntervalSince(date)) }
    public static func < (lhs: WallInstant, rhs: WallInstant) -> Bool { lhs.date < rhs.date }
}

extension Duration {
    public var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }

    public var milliseconds: Double { seconds * 1000 }
}

/// The clock everything time-dependent takes: `SystemWallClock` in production, a manual one in tests.
public protocol WallClock: Clock, Sendable where Instant == WallInstant {
    /// Runs `action` once at `deadline`, unless the returned timer is cancelled first. A clock
    /// may run it up to `tolerance` late to share a wake with other work; never early.
    func schedule(at deadline: WallInstant, tolerance: Duration, _ action: @escaping @Sendable () -> Void) -> WallClockTimer
}

extension WallClock {
    /// Any clock can do it with a task that sleeps; the clocks here override it with cheaper timers.
    public func schedule(at deadline: WallInstant, tolerance: Duration, _ action: @escaping @Sendable () -> Void) -> WallClockTimer {
        let task = Task {
            try await sleep(until: deadline, tolerance: nil)
            action()
        }
        return WallClockTimer { task.cancel() }
    }

    public func schedule(at deadline: WallInstant, _ action: @escaping @Sendable () -> Void) -> WallClockTimer {
        schedule(at: deadline, tolerance: .zero, action)
    }

    public var date: Date { now.date }

    public func sleep(until date: Date) async throws {
        try await sleep(until: WallInstant(date), tolerance: nil)
    }
}

public struct SystemWallClock: WallClock {
    /// Where sleeps and timers fire: an engine loop's own thread, or Dispatch's when nil.
    public let loop: EngineLoop?

    public init(loop: EngineLoop? = nil) { self.loop = loop }

    public var now: WallInstant { WallInstant(Date()) }
    public var minimumResolution: Duration { .microseconds(1) }

    public func sleep(until deadline: WallInstant, tolerance: Duration?) async throws {
        let remaining = deadline.date.timeIntervalSinceNow
        guard remaining > 0 else { return try Task.checkCancellation() }
        if let loop { return try await loop.sleep(until: .now + .seconds(remaining)) }
        try await Task.sleep(for: .seconds(remaining), tolerance: tolerance)
    }

    public func schedule(at deadline: WallInstant, tolerance: Duration, _ action: @escaping @Sendable () -> Void) -> WallClockTimer {
        let remaining = max(0, deadline.date.timeIntervalSinceNow)
        if let loop { return loop.schedule(at: .now + .seconds(remaining), tolerance: tolerance, action) }
        // A work item is safe to cancel from any thread; Dispatch just does not say so.
        nonisolated(unsafe) let item = DispatchWorkItem(block: action)
        DispatchQueue.global().asyncAfter(deadline: .now() + remaining, execute: item)
        return WallClockTimer { item.cancel() }
    }
}

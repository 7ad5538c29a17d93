import DialerCore
import DialerStore
import Foundation
import Synchronization

/// `/readyz`'s view of the database. A load balancer may ask every second from several
/// places, and each ping takes a connection from the engine's store pool: one ping's answer
/// serves every request within `freshFor` of it, and requests that come while a ping is out
/// wait for that one instead of sending their own.
public final class DatabaseProbe: Sendable {
    private struct State {
        var last: (at: Date, reachable: Bool)?
        var inFlight: Task<Bool, Never>?
    }

    private enum Answer {
        case recent(Bool)
        case pending(Task<Bool, Never>)
    }

    private let ping: @Sendable () async throws -> Void
    private let clock: any WallClock
    private let freshFor: Duration
    private let timeout: Duration
    private let state = Mutex(State())

    /// `timeout`: how long a ping may take before the database counts as unreachable.
    public init(
        clock: any WallClock = SystemWallClock(), freshFor: Duration = .seconds(1), timeout: Duration = .seconds(2),
        ping: @escaping @Sendable () async throws -> Void
    ) {
        self.ping = ping
        self.clock = clock
        self.freshFor = freshFor
        self.timeout = timeout
    }

    public convenience init(store: any StoreHealth, clock: any WallClock = SystemWallClock()) {
        self.init(clock: clock) { try await store.ping() }
    }

    public func reachable() async -> Bool {
        let now = clock.date
        let answer = state.withLock { state -> Answer in
            // A result from the future (the wall clock stepped back) is not trusted as recent.
            if let last = state.last, last.at <= now, now.timeIntervalSince(last.at) < freshFor.seconds {
                return .recent(last.reachable)
            }
            if let inFlight = state.inFlight { return .pending(inFlight) }
            let task = Task { await self.pingOnce() }
            state.inFlight = task
            return .pending(task)
        }
        switch answer {
        case .recent(let reachable): return reachable
        // Not cancelled with the request that waits on it: the others share it.
        case .pending(let task): return await task.value
        }
    }

    private func pingOnce() async -> Bool {
        let ping = self.ping
        let timeout = self.timeout
        let reachable = await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await ping()) != nil }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        state.withLock { $0 = State(last: (clock.date, reachable), inFlight: nil) }
        return reachable
    }
}

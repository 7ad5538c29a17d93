import Foundation

/// A value behind a lock, for state touched from synchronous code (clock sleepers,
/// request counters) where an actor hop is not possible.
final class SimLocked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

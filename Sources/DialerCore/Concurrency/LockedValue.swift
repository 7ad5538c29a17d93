import Foundation

/// A value guarded by a lock, for state touched from synchronous code where an actor hop is
/// not possible or costs too much: libcurl's callbacks, clock sleepers, flags every runner
/// reads before each step.
public final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

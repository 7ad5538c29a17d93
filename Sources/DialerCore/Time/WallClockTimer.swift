import Foundation

/// A callback a clock runs once at a deadline, unless it is cancelled first.
///
/// A sleep that an event can cut short needs a timer it can call off. With `sleep` alone that
/// takes a task for the timer and a task group around it; a callback timer takes neither, which
/// matters when every placed call is paced by one such sleep.
public struct WallClockTimer: Sendable {
    private let onCancel: @Sendable () -> Void

    public init(cancel: @escaping @Sendable () -> Void) { onCancel = cancel }

    /// After this the callback does not run, unless it has started already.
    public func cancel() { onCancel() }
}

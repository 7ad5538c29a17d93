import Foundation

/// Seconds on either side of a wall-clock date, as the engine's settings and durations give them.
/// The result is clamped to `Date.distantPast...Date.distantFuture`: a date beyond them cannot be
/// stored (BSON keeps Int64 milliseconds) or slept until (`Duration` traps), and one huge setting
/// must not bring the process down.
extension Date {
    static func + (lhs: Date, rhs: Double) -> Date { lhs.clampedAdding(rhs) }
    static func - (lhs: Date, rhs: Double) -> Date { lhs.clampedAdding(-rhs) }

    func clampedAdding(_ seconds: Double) -> Date {
        guard !seconds.isNaN else { return self }
        let low = Date.distantPast.timeIntervalSince(self)
        let high = Date.distantFuture.timeIntervalSince(self)
        return addingTimeInterval(Swift.min(Swift.max(seconds, low), high))
    }
}

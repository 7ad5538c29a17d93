import Foundation

/// Seconds on either side of a wall-clock date, as the engine's settings and durations give them.
extension Date {
    static func + (lhs: Date, rhs: Double) -> Date { lhs.addingTimeInterval(rhs) }
    static func - (lhs: Date, rhs: Double) -> Date { lhs.addingTimeInterval(-rhs) }
}

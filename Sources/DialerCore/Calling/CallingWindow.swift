import Foundation

/// A span of local time, "HH:mm" to "HH:mm", end exclusive. An end before the start crosses midnight.
public struct LocalTimeRange: Codable, Sendable, Equatable {
    public var start: String
    public var end: String

    public init(_ start: String, _ end: String) {
        self.start = start
        self.end = end
    }

    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m),
            h * 60 + m <= 24 * 60
        else { return nil }
        return h * 60 + m
    }
}

/// When a contact may be called, in the contact's local time. Stored on the campaign as
/// `callingWindow`; absent means the US TCPA default, 08:00–21:00 every day.
public struct CallingWindow: Codable, Sendable, Equatable {
    public static let weekdayKeys = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// "us-tcpa" or "au"; `days` replaces the preset's days where both are given.
    public var preset: String?
    /// Keyed "mon" … "sun". A listed day with no ranges is closed.
    public var days: [String: [LocalTimeRange]]?
    /// Local dates, "YYYY-MM-DD", with no calls at all.
    public var holidays: [String]?

    public init(preset: String? = nil, days: [String: [LocalTimeRange]]? = nil, holidays: [String]? = nil) {
        self.preset = preset
        self.days = days
        self.holidays = holidays
    }

    public static let usTCPA = CallingWindow(preset: "us-tcpa")
    public static let australia = CallingWindow(preset: "au")

    private static func presetDays(_ preset: String?) -> [String: [LocalTimeRange]]? {
        switch preset {
        case nil, "us-tcpa":
            return Dictionary(uniqueKeysWithValues: weekdayKeys.map { ($0, [LocalTimeRange("08:00", "21:00")]) })
        case "au":
            let weekday = [LocalTimeRange("09:00", "20:00")]
            return [
                "mon": weekday, "tue": weekday, "wed": weekday, "thu": weekday, "fri": weekday,
                "sat": [LocalTimeRange("09:00", "17:00")], "sun": []
            ]
        default:
            return nil
        }
    }

    public func validate(path: String = "callingWindow") -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let preset, CallingWindow.presetDays(preset) == nil {
            issues.append(.init(path: "\(path).preset", rule: "must be \"us-tcpa\" or \"au\", got \"\(preset)\""))
        }
        for (day, ranges) in days ?? [:] {
            if !CallingWindow.weekdayKeys.contains(day) {
                issues.append(.init(path: "\(path).days.\(day)", rule: "must be one of \(CallingWindow.weekdayKeys.joined(separator: ", "))"))
            }
            for (i, range) in ranges.enumerated() {
                for (field, text) in [("start", range.start), ("end", range.end)] where LocalTimeRange.minutes(text) == nil {
                    issues.append(.init(path: "\(path).days.\(day).\(i).\(field)", rule: "must be HH:mm between 00:00 and 24:00, got \"\(text)\""))
                }
            }
        }
        for (i, holiday) in (holidays ?? []).enumerated() where CallingWindow.parseDate(holiday) == nil {
            issues.append(.init(path: "\(path).holidays.\(i)", rule: "must be a date YYYY-MM-DD, got \"\(holiday)\""))
        }
        return issues
    }

    private var effectiveDays: [String: [LocalTimeRange]] {
        (CallingWindow.presetDays(preset) ?? CallingWindow.presetDays(nil)!).merging(days ?? [:]) { $1 }
    }

    static func parseDate(_ text: String) -> DateComponents? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return DateComponents(year: parts[0], month: parts[1], day: parts[2])
    }

    /// The open intervals that start on the local day containing `date`.
    private func intervals(startingOnDayOf date: Date, calendar: Calendar) -> [Range<Date>] {
        let day = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
        let holiday = (holidays ?? []).contains { text in
            guard let h = CallingWindow.parseDate(text) else { return false }
            return h.year == day.year && h.month == day.month && h.day == day.day
        }
        if holiday { return [] }
        let key = CallingWindow.weekdayKeys[(day.weekday ?? 1) - 1]
        let midnight = calendar.startOfDay(for: date)
        return (effectiveDays[key] ?? []).compactMap { range in
            guard let startMinutes = LocalTimeRange.minutes(range.start), let endMinutes = LocalTimeRange.minutes(range.end),
                startMinutes != endMinutes
            else { return nil }
            let start = localInstant(midnight, minutes: startMinutes, calendar: calendar)
            let endDayOffset = endMinutes < startMinutes ? 1 : 0
            let endMidnight = calendar.date(byAdding: .day, value: endDayOffset, to: midnight)!
            let end = localInstant(calendar.startOfDay(for: endMidnight), minutes: endMinutes, calendar: calendar)
            return start < end ? start..<end : nil
        }
    }

    /// Wall-clock time on a local day; across a DST change, hours are counted on the wall clock.
    private func localInstant(_ midnight: Date, minutes: Int, calendar: Calendar) -> Date {
        if minutes == 24 * 60 { return calendar.date(byAdding: .day, value: 1, to: midnight)! }
        var components = calendar.dateComponents([.year, .month, .day], from: midnight)
        components.hour = minutes / 60
        components.minute = minutes % 60
        return calendar.date(from: components) ?? midnight.addingTimeInterval(Double(minutes * 60))
    }

    private static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    public func isOpen(at date: Date, in zone: TimeZone) -> Bool {
        let calendar = CallingWindow.calendar(zone)
        let yesterday = calendar.date(byAdding: .day, value: -1, to: date)!
        return (intervals(startingOnDayOf: yesterday, calendar: calendar) + intervals(startingOnDayOf: date, calendar: calendar))
            .contains { $0.contains(date) }
    }

    /// `date` itself when open, else the next opening within three weeks, else nil.
    public func nextOpening(after date: Date, in zone: TimeZone) -> Date? {
        if isOpen(at: date, in: zone) { return date }
        let calendar = CallingWindow.calendar(zone)
        for offset in 0..<21 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: date) else { continue }
            if let start = intervals(startingOnDayOf: day, calendar: calendar).map(\.lowerBound).filter({ $0 > date }).min() {
                return start
            }
        }
        return nil
    }

    /// Whether the window is open at `date`, and until when that stays so (nil: beyond three weeks).
    /// Lets callers cache the answer instead of recomputing it on every claim.
    public func state(at date: Date, zoneKey: String) -> (open: Bool, until: Date?) {
        let zones = zoneKey.split(separator: "&").compactMap { TimeZone(identifier: String($0)) }
        guard !zones.isEmpty else { return (false, nil) }
        if isOpen(at: date, zoneKey: zoneKey) {
            let ends = zones.map { zone -> Date? in
                let calendar = CallingWindow.calendar(zone)
                let yesterday = calendar.date(byAdding: .day, value: -1, to: date)!
                return (intervals(startingOnDayOf: yesterday, calendar: calendar) + intervals(startingOnDayOf: date, calendar: calendar))
                    .filter { $0.contains(date) }.map(\.upperBound).max()
            }
            return (true, ends.compactMap { $0 }.min())
        }
        return (false, nextOpening(after: date, zoneKey: zoneKey))
    }

    /// For a "&"-joined zone key: open only when open in every zone.
    public func isOpen(at date: Date, zoneKey: String) -> Bool {
        let zones = zoneKey.split(separator: "&").compactMap { TimeZone(identifier: String($0)) }
        return !zones.isEmpty && zones.allSatisfy { isOpen(at: date, in: $0) }
    }

    public func nextOpening(after date: Date, zoneKey: String) -> Date? {
        let zones = zoneKey.split(separator: "&").compactMap { TimeZone(identifier: String($0)) }
        guard !zones.isEmpty else { return nil }
        var candidate = date
        for _ in 0..<32 {
            let openings = zones.map { nextOpening(after: candidate, in: $0) }
            guard openings.allSatisfy({ $0 != nil }) else { return nil }
            let latest = openings.compactMap { $0 }.max()!
            if zones.allSatisfy({ isOpen(at: latest, in: $0) }) { return latest }
            candidate = latest.addingTimeInterval(60)
        }
        return nil
    }
}

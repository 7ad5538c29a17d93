import Foundation

/// RFC 2822 / RFC 7231 dates ("Tue, 31 Aug 2010 20:36:28 +0000", "... GMT") and ISO 8601
/// UTC dates, parsed and printed by hand: no locale, no shared formatter state.
public enum HTTPDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"] // 1970-01-01 was a Thursday

    /// Parses "Tue, 31 Aug 2010 20:36:28 +0000" (the weekday is optional, the zone may be GMT/UT/Z or ±hhmm).
    public static func parse(_ text: String) -> Date? {
        var parts = text.split(separator: " ").map(String.init)
        if let first = parts.first, first.hasSuffix(",") { parts.removeFirst() }
        guard parts.count == 5, let day = Int(parts[0]), let monthIndex = months.firstIndex(of: parts[1]),
            let year = Int(parts[2])
        else { return nil }
        let clock = parts[3].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3 else { return nil }
        guard let offset = zoneOffsetSeconds(parts[4]) else { return nil }
        let days = daysFromCivil(year: year, month: monthIndex + 1, day: day)
        let seconds = days * 86_400 + clock[0] * 3600 + clock[1] * 60 + clock[2] - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// "Tue, 31 Aug 2010 20:36:28 +0000", as Twilio prints dates.
    public static func rfc2822(_ date: Date) -> String {
        let (year, month, day, hour, minute, second, weekday) = components(date)
        return "\(weekdays[weekday]), \(pad(day)) \(months[month - 1]) \(year) \(pad(hour)):\(pad(minute)):\(pad(second)) +0000"
    }

    /// "2010-08-31T20:36:28Z".
    public static func iso8601(_ date: Date) -> String {
        let (year, month, day, hour, minute, second, _) = components(date)
        return "\(year)-\(pad(month))-\(pad(day))T\(pad(hour)):\(pad(minute)):\(pad(second))Z"
    }

    /// "2010-08-31T20:36:28Z", "2010-08-31T20:36:28.123+00:00" or "2010-08-31" (midnight UTC).
    public static func parseISO8601(_ text: String) -> Date? {
        let utf8 = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= utf8.count else { return nil }
            return Int(String(decoding: utf8[range], as: UTF8.self))
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        var seconds = daysFromCivil(year: year, month: month, day: day) * 86_400
        var fraction = 0.0
        if utf8.count > 10 {
            guard let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return nil }
            seconds += hour * 3600 + minute * 60 + second
            var index = 19
            if index < utf8.count, utf8[index] == UInt8(ascii: ".") {
                let start = index
                index += 1
                while index < utf8.count, utf8[index] >= UInt8(ascii: "0"), utf8[index] <= UInt8(ascii: "9") { index += 1 }
                fraction = Double(String(decoding: utf8[start..<index], as: UTF8.self)) ?? 0
            }
            if index < utf8.count {
                guard let offset = zoneOffsetSeconds(String(decoding: utf8[index...], as: UTF8.self)) else { return nil }
                seconds -= offset
            }
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }

    private static func zoneOffsetSeconds(_ zone: String) -> Int? {
        if zone == "GMT" || zone == "UT" || zone == "UTC" || zone == "Z" { return 0 }
        let digits = zone.filter { $0 != ":" }
        guard digits.count == 5, let sign = digits.first, sign == "+" || sign == "-",
            let hours = Int(digits.dropFirst().prefix(2)), let minutes = Int(digits.suffix(2))
        else { return nil }
        let magnitude = hours * 3600 + minutes * 60
        return sign == "-" ? -magnitude : magnitude
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func components(_ date: Date) -> (Int, Int, Int, Int, Int, Int, Int) {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(total) / 86_400).rounded(.down))
        let secondOfDay = total - days * 86_400
        let (year, month, day) = civilFromDays(days)
        let weekday = ((days % 7) + 7) % 7
        return (year, month, day, secondOfDay / 3600, (secondOfDay % 3600) / 60, secondOfDay % 60, weekday)
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

import Foundation

/// The ISO 8601 dates the API reads (date parameters, dates in bodies): a calendar date
/// (`2026-11-22`, midnight UTC) or a date-time with seconds, up to nine digits of fraction and `Z`
/// or an offset (`2026-11-22T04:10:05.5+01:00`). The documented pattern admits only days that
/// exist (29 February in leap years only), and `parse` reads every string the pattern admits, so
/// the document and the server agree on each value.
enum ISODate {
    /// Years 1000 to 9999; months of 31, 30 and 28 days, and 29 February of leap years.
    static let datePattern =
        "(?:[1-9][0-9]{3}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
        + "|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[1-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29)"
    static let timePattern = "T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
    static let pattern = "^" + datePattern + "(?:" + timePattern + ")?$"

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The instant `text` names; nil when the pattern does not admit it.
    static func parse(_ text: String) -> Date? {
        guard text.range(of: pattern, options: .regularExpression) != nil else { return nil }
        let characters = Array(text)
        func number(_ range: Range<Int>) -> Int { Int(String(characters[range]))! }
        var components = DateComponents(year: number(0..<4), month: number(5..<7), day: number(8..<10))
        var offsetSeconds = 0
        if characters.count > 10 {
            components.hour = number(11..<13)
            components.minute = number(14..<16)
            components.second = number(17..<19)
            var index = 19
            if characters[index] == "." {
                let digits = characters[(index + 1)...].prefix { $0.isASCII && $0.isNumber }
                components.nanosecond = Int(String(digits).padding(toLength: 9, withPad: "0", startingAt: 0))!
                index += 1 + digits.count
            }
            if characters[index] != "Z" {
                let sign = characters[index] == "-" ? -1 : 1
                offsetSeconds = sign * (number(index + 1..<index + 3) * 3600 + number(index + 4..<index + 6) * 60)
            }
        }
        return utc.date(from: components).map { $0.addingTimeInterval(TimeInterval(-offsetSeconds)) }
    }
}

import DialerCore
import DialerHTTP
import Foundation

enum SimTime {
    /// "2024-05-01T12:00:00.123Z".
    static func iso8601Milliseconds(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let millis = Int(((date.timeIntervalSince1970 - seconds) * 1000).rounded(.down))
        let base = HTTPDate.iso8601(Date(timeIntervalSince1970: seconds))
        let fraction = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return base.dropLast() + ".\(fraction)Z"
    }

    /// JSONValue encodes dates as Foundation's default (seconds since 2001); the log wants text.
    static func encodableDates(_ value: JSONValue) -> JSONValue {
        switch value {
        case .date(let date): .string(iso8601Milliseconds(date))
        case .array(let items): .array(items.map(encodableDates))
        case .object(let fields): .object(fields.mapValues(encodableDates))
        default: value
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

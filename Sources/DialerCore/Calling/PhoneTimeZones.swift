import Foundation

/// Maps an E.164 number to the IANA zones its prefix may be in (libphonenumber's data).
public enum PhoneTimeZones {
    private static let table: [Substring: [String]] = {
        var map: [Substring: [String]] = [:]
        for line in phoneTimeZoneData.split(separator: "\n") {
            guard let bar = line.firstIndex(of: "|") else { continue }
            map[line[..<bar]] = line[line.index(after: bar)...].split(separator: "&").map(String.init)
        }
        return map
    }()

    private static let longestPrefix = table.keys.map(\.count).max() ?? 0

    /// Zones for the longest matching prefix; empty when none matches.
    public static func zones(for number: PhoneNumber) -> [String] {
        let digits = number.e164.dropFirst()
        for length in stride(from: min(longestPrefix, digits.count), through: 1, by: -1) {
            if let zones = table[digits.prefix(length)] { return zones }
        }
        return []
    }
}

/// The zone (or zones) a contact's calling window is judged in. Several zones, joined by "&",
/// when the number cannot be narrowed down: the window must then be open in all of them.
public enum ContactTimeZone {
    /// A number mapping to more zones than this is treated as unknown rather than never callable.
    public static let maxAmbiguity = 3

    public enum Resolution: Equatable, Sendable {
        case zone(String)
        case unknown(reason: String)
    }

    public static func resolve(phoneNumber: String, customFields: [String: JSONValue], campaignDefault: String?) -> Resolution {
        if let override = customFields["timeZone"]?.stringValue {
            if TimeZone(identifier: override) != nil { return .zone(override) }
            return .unknown(reason: "customFields.timeZone \"\(override)\" is not an IANA time zone")
        }
        if let number = PhoneNumber(e164: phoneNumber) {
            let zones = PhoneTimeZones.zones(for: number).filter { TimeZone(identifier: $0) != nil }
            if (1...maxAmbiguity).contains(zones.count) { return .zone(zones.joined(separator: "&")) }
        }
        if let fallback = campaignDefault, TimeZone(identifier: fallback) != nil { return .zone(fallback) }
        return .unknown(reason: "no time zone: the number \(phoneNumber) does not narrow to one, and the campaign sets no defaultTimeZone")
    }
}

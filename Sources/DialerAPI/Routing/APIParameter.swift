import DialerCore
import Foundation

/// A path or query parameter: how it is documented and how it is read. The one description
/// serves both, so the document cannot promise what the server does not check.
public struct APIParameter: Sendable {
    public enum Location: String, Sendable { case path, query }

    public enum Kind: Sendable {
        case objectId
        /// Free text, with a length limit.
        case text(maxLength: Int)
        case integer(minimum: Int, maximum: Int)
        case oneOf([String])
        /// ISO 8601 date-time (`2026-11-22T04:10:05Z`, fractional seconds allowed) or a date (`2026-11-22`, midnight UTC).
        case dateTime
        case boolean
        /// An E.164 number, `+14155550100`.
        case phone
    }

    public var name: String
    public var location: Location
    public var kind: Kind
    public var required: Bool
    public var description: String
    /// Documented, and used when the parameter is absent.
    public var defaultValue: String?

    public static func path(_ name: String, _ kind: Kind, _ description: String) -> APIParameter {
        APIParameter(name: name, location: .path, kind: kind, required: true, description: description)
    }

    public static func query(_ name: String, _ kind: Kind, _ description: String, default defaultValue: String? = nil) -> APIParameter {
        APIParameter(name: name, location: .query, kind: kind, required: false, description: description, defaultValue: defaultValue)
    }

    public var schema: JSONSchema {
        switch kind {
        case .objectId: .objectId
        case .text(let maxLength): .string(pattern: Self.textPattern(maxLength))
        case .integer(let minimum, let maximum): .integer(minimum: minimum, maximum: maximum)
        case .oneOf(let values): .enumeration(values)
        case .dateTime: .string(pattern: ISODate.pattern)
        case .boolean: .boolean()
        case .phone: .string(pattern: Self.phonePattern)
        }
    }

    /// Patterns mean the same to ICU (which checks them here), Rust's and Python's regex (which
    /// schemathesis and other clients check and generate with) and ECMA's, so they use neither `.`
    /// (ICU's stops at \f and \v too) nor `\S` (ICU's \s lacks \v and U+0085): any character is
    /// `[\s\S]`, a visible one `nonBlank`.
    static func textPattern(_ maxLength: Int) -> String { "^[\\s\\S]{1,\(maxLength)}$" }
    static let nonBlank = "[^\\s\\u000B\\u0085]"

    /// `PhoneNumber(e164:)`'s rule, which reads the parameter: a + and 8 to 15 digits, the first not 0.
    static let phonePattern = "^\\+[1-9][0-9]{7,14}$"

    /// The value of `text`, or an error that names the parameter and what it takes.
    func parse(_ text: String) throws(APIError) -> ParameterValue {
        let what = "\(location == .path ? "path" : "query") parameter \"\(name)\""
        switch kind {
        case .objectId:
            guard let id = ObjectId(hex: text.lowercased()) else {
                throw .badArgs("\(what) must be a 24-hex-digit ObjectId, got \(Self.quoted(text))")
            }
            return .objectId(id)
        case .text(let maxLength):
            guard (1...maxLength).contains(text.unicodeScalars.count) else { throw .badArgs("\(what) must have 1 to \(maxLength) characters") }
            return .text(text)
        case .integer(let minimum, let maximum):
            guard let number = Int(text) else { throw .badArgs("\(what) must be a whole number, got \(Self.quoted(text))") }
            guard (minimum...maximum).contains(number) else {
                throw .badArgs("\(what) must be from \(minimum) to \(maximum), got \(number)")
            }
            return .integer(number)
        case .oneOf(let values):
            guard values.contains(text) else {
                throw .badArgs("\(what) must be one of \(values.joined(separator: ", ")), got \(Self.quoted(text))")
            }
            return .text(text)
        case .dateTime:
            guard let date = Self.date(text) else {
                throw .badArgs("\(what) must be an ISO 8601 date-time such as 2026-11-22T04:10:05Z (or a date, 2026-11-22), got \(Self.quoted(text))")
            }
            return .date(date)
        case .boolean:
            guard let flag = ["true": true, "false": false][text] else { throw .badArgs("\(what) must be true or false, got \(Self.quoted(text))") }
            return .boolean(flag)
        case .phone:
            guard PhoneNumber(e164: text) != nil else {
                throw .badArgs("\(what) must be an E.164 number such as +14155550100 (send + as %2B), got \(Self.quoted(text))")
            }
            return .text(text)
        }
    }

    static func date(_ text: String) -> Date? { ISODate.parse(text) }

    /// Echoes at most 40 characters of bad input, so a message cannot be made to carry a payload.
    static func quoted(_ text: String) -> String {
        "\"" + (text.count > 40 ? text.prefix(40) + "…" : text) + "\""
    }
}

/// A parameter's value after parsing.
public enum ParameterValue: Sendable, Equatable {
    case objectId(ObjectId)
    case text(String)
    case integer(Int)
    case date(Date)
    case boolean(Bool)
}

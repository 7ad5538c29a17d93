import DialerCore
import DialerHTTP
import Foundation

/// The variables every route hands the agent: each custom field under its own name, then the
/// contact's and the call's own fields, which win over a custom field of the same name. ElevenLabs
/// gets them as dynamic variables, a Twilio `url` as query parameters, a Twilio `twiml` template as
/// `{{name}}`s, Bland as `request_data`.
public enum CallVariables {
    public static let contactName = "contact_name"
    public static let contactEmail = "contact_email"
    public static let phoneNumber = "phone_number"
    public static let campaignId = "campaign_id"
    public static let contactId = "contact_id"
    /// Carries our attempt id into the call and back out in its callbacks.
    public static let attemptId = "attempt_id"

    /// Scalars only (what ElevenLabs accepts): nested values travel as JSON text, dates as ISO 8601.
    public static func values(for request: PlaceCallRequest) -> [String: JSONValue] {
        var variables: [String: JSONValue] = [:]
        for (key, value) in request.customFields { variables[key] = scalar(value) }
        if let name = request.contactName { variables[contactName] = .string(name) }
        if let email = request.contactEmail { variables[contactEmail] = .string(email) }
        variables[phoneNumber] = .string(request.to)
        variables[campaignId] = .string(request.campaignId)
        variables[contactId] = .string(request.contactId)
        variables[attemptId] = .string(request.attemptId)
        return variables
    }

    /// The same variables as text, for URLs and templates; null is empty.
    public static func text(for request: PlaceCallRequest) -> [String: String] {
        values(for: request).mapValues { $0.stringValue ?? "" }
    }

    static func scalar(_ value: JSONValue) -> JSONValue {
        switch value {
        case .null, .bool, .int, .double, .string: return value
        case .date(let date): return .string(HTTPDate.iso8601(date))
        case .array, .object:
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let data = (try? encoder.encode(value)) ?? Data()
            return .string(String(decoding: data, as: UTF8.self))
        }
    }
}

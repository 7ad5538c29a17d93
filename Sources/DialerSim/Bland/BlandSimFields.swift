import DialerCore

/// The types Bland's send-call documentation gives the optional fields our client sends
/// (docs.bland.ai, POST /v1/calls): a wrong one is refused as Bland refuses a malformed request.
enum BlandSimFields {
    static let voicemailActions: Set<String> = ["hangup", "leave_message", "ignore"]

    static func problem(in body: [String: JSONValue]) -> String? {
        for name in ["task", "pathway_id", "voice", "first_sentence", "from", "voicemail_message", "webhook"] {
            if let value = body[name], !isString(value) { return "\(name) must be a string" }
        }
        for name in ["record", "answered_by_enabled", "wait"] {
            if let value = body[name], !isBool(value) { return "\(name) must be a boolean" }
        }
        if let value = body["max_duration"] {
            guard let minutes = number(value), minutes > 0 else { return "max_duration must be a positive number of minutes" }
        }
        if let value = body["voicemail_action"] {
            guard case .string(let action) = value, voicemailActions.contains(action) else {
                return "voicemail_action must be one of \(voicemailActions.sorted().joined(separator: ", "))"
            }
        }
        if let value = body["request_data"], !(value.isObject || value == .null) { return "request_data must be an object" }
        return nil
    }

    private static func isString(_ value: JSONValue) -> Bool { if case .string = value { true } else { value == .null } }
    private static func isBool(_ value: JSONValue) -> Bool { if case .bool = value { true } else { false } }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let n): Double(n)
        case .double(let d): d
        default: nil
        }
    }
}

/// The form fields of one create-call request, in a stable order.
enum TwilioCreateCallForm {
    static func fields(for request: PlaceCallRequest, from: String, configuration c: TwilioConfiguration) -> [(String, String)] {
        let callbacks = request.callbacks
        var fields: [(String, String)] = [("To", request.to), ("From", from)]
        switch c.instructions {
        case .url(let url): fields.append(("Url", url))
        case .twiml(let twiml): fields.append(("Twiml", twiml))
        case .sayFirstMessage(let fallback):
            fields.append(("Twiml", "<Response><Say>\(xmlEscaped(request.firstMessage ?? fallback))</Say></Response>"))
        }
        fields.append(("StatusCallback", callbacks.twilioStatus(attemptId: request.attemptId)))
        fields.append(("StatusCallbackMethod", "POST"))
        for event in c.statusCallbackEvents { fields.append(("StatusCallbackEvent", event.rawValue)) }
        if let timeout = c.ringTimeoutSeconds { fields.append(("Timeout", String(timeout))) }
        if let limit = c.timeLimitSeconds { fields.append(("TimeLimit", String(limit))) }
        if let detection = c.machineDetection {
            fields.append(("MachineDetection", detection.rawValue))
            if c.asyncAMD {
                fields.append(("AsyncAmd", "true"))
                fields.append(("AsyncAmdStatusCallback", callbacks.twilioAMD(attemptId: request.attemptId)))
                fields.append(("AsyncAmdStatusCallbackMethod", "POST"))
            }
        }
        if c.record {
            fields.append(("Record", "true"))
            fields.append(("RecordingStatusCallback", callbacks.twilioRecording(attemptId: request.attemptId)))
            fields.append(("RecordingStatusCallbackMethod", "POST"))
        }
        return fields
    }

    static func xmlEscaped(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }
}

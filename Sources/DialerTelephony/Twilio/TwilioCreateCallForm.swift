import DialerCore

/// The form fields of one create-call request, in a stable order.
enum TwilioCreateCallForm {
    static func fields(for request: PlaceCallRequest, from: String, configuration c: TwilioConfiguration) throws(ProviderError)
        -> [(String, String)]
    {
        let callbacks = request.callbacks
        let o = try TwilioCallPlan(request, configuration: c)
        var fields: [(String, String)] = [("To", request.to), ("From", from)]
        switch o.instructions {
        case .url(let url): fields.append(("Url", url))
        case .twiml(let twiml): fields.append(("Twiml", twiml))
        case .sayFirstMessage(let fallback):
            fields.append(("Twiml", "<Response><Say>\(TemplateText.xmlEscaped(request.firstMessage ?? fallback))</Say></Response>"))
        }
        fields.append(("StatusCallback", callbacks.twilioStatus(attemptId: request.attemptId)))
        fields.append(("StatusCallbackMethod", "POST"))
        for event in c.statusCallbackEvents { fields.append(("StatusCallbackEvent", event.rawValue)) }
        if let timeout = o.ringTimeoutSeconds { fields.append(("Timeout", String(timeout))) }
        if let limit = o.timeLimitSeconds { fields.append(("TimeLimit", String(limit))) }
        if let detection = o.machineDetection {
            fields.append(("MachineDetection", detection.rawValue))
            if let seconds = o.machineDetectionTimeoutSeconds { fields.append(("MachineDetectionTimeout", String(seconds))) }
            if c.asyncAMD {
                fields.append(("AsyncAmd", "true"))
                fields.append(("AsyncAmdStatusCallback", callbacks.twilioAMD(attemptId: request.attemptId)))
                fields.append(("AsyncAmdStatusCallbackMethod", "POST"))
            }
        }
        if o.record {
            fields.append(("Record", "true"))
            fields.append(("RecordingStatusCallback", callbacks.twilioRecording(attemptId: request.attemptId)))
            fields.append(("RecordingStatusCallbackMethod", "POST"))
        }
        return fields
    }
}

import DialerCore
import DialerHTTP

/// One call's Twilio options: the campaign's `settings.twilio` over the configuration's defaults.
struct TwilioCallPlan {
    var instructions: TwilioCallInstructions
    var ringTimeoutSeconds: Int?
    var timeLimitSeconds: Int?
    var machineDetection: TwilioMachineDetection?
    var machineDetectionTimeoutSeconds: Int?
    var record: Bool

    init(_ request: PlaceCallRequest, configuration c: TwilioConfiguration) throws(ProviderError) {
        let s = request.twilio ?? TwilioCampaignSettings()
        instructions = try Self.instructions(request, settings: s, fallback: c.instructions)
        ringTimeoutSeconds = s.ringTimeout ?? c.ringTimeoutSeconds
        timeLimitSeconds = s.timeLimit ?? c.timeLimitSeconds
        machineDetection =
            switch s.machineDetection {
            case .enable?: .enable
            case .detectMessageEnd?: .detectMessageEnd
            case .off?: nil
            // Validation refuses unknown modes before a campaign dials; an edited document falls back.
            case nil, .unknown?: c.machineDetection
            }
        machineDetectionTimeoutSeconds = machineDetection == nil ? nil : s.machineDetectionTimeout
        record = s.record ?? c.record
    }

    /// `url` gets the call's variables as query parameters (URL-encoded, after any query it has);
    /// `twiml` gets them XML-escaped into its `{{name}}`s.
    static func instructions(
        _ request: PlaceCallRequest, settings s: TwilioCampaignSettings,
        fallback: TwilioCallInstructions
    ) throws(ProviderError) -> TwilioCallInstructions {
        if let url = s.url {
            let query = FormURLEncoding.encode(CallVariables.text(for: request).sorted { $0.key < $1.key })
            return .url(url + (url.contains("?") ? (url.hasSuffix("?") || url.hasSuffix("&") ? "" : "&") : "?") + query)
        }
        if let template = s.twiml {
            let twiml = TemplateText.render(template, values: CallVariables.text(for: request), escape: TemplateText.xmlEscaped)
            // Twilio refuses a longer Twiml parameter; this contact's values made it too long, not the campaign.
            guard twiml.count <= TwilioCampaignSettings.twimlMaxLength else {
                throw .permanent(
                    code: "twiml-too-long",
                    message: "the campaign's TwiML template filled in for this contact is "
                        + "\(twiml.count) characters, over Twilio's \(TwilioCampaignSettings.twimlMaxLength)")
            }
            return .twiml(twiml)
        }
        return fallback
    }
}

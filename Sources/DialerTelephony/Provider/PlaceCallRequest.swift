import DialerCore

/// Everything a provider needs to dial one attempt. The attempt is stored before this is
/// built, and `attemptId` travels with the call so that callbacks correlate without the
/// provider's call id.
public struct PlaceCallRequest: Sendable, Equatable {
    /// Ours, not the provider's.
    public var attemptId: String
    /// Hex ObjectId strings.
    public var campaignId: String
    public var contactId: String
    /// E.164.
    public var to: String
    /// E.164; required by Twilio direct, optional for Bland, unused by ElevenLabs (which
    /// dials from `agentPhoneNumberId`).
    public var from: String?
    public var contactName: String?
    public var contactEmail: String?
    public var customFields: [String: JSONValue]
    public var agentId: String?
    public var agentPhoneNumberId: String?
    public var prompt: String?
    public var firstMessage: String?
    /// Our public base URL, e.g. https://dialer.example.com; the callback paths are appended.
    public var callbackBaseURL: String
    /// The campaign's own options for its provider (`settings.twilio`, `.elevenLabs`, `.bland`);
    /// each provider reads only its own and falls back to its configuration's defaults.
    public var twilio: TwilioCampaignSettings?
    public var elevenLabs: ElevenLabsCampaignSettings?
    public var bland: BlandCampaignSettings?

    public init(
        attemptId: String, campaignId: String, contactId: String, to: String, from: String? = nil,
        contactName: String? = nil, customFields: [String: JSONValue] = [:], agentId: String? = nil,
        agentPhoneNumberId: String? = nil, prompt: String? = nil, firstMessage: String? = nil,
        callbackBaseURL: String, contactEmail: String? = nil, twilio: TwilioCampaignSettings? = nil,
        elevenLabs: ElevenLabsCampaignSettings? = nil, bland: BlandCampaignSettings? = nil
    ) {
        self.attemptId = attemptId
        self.campaignId = campaignId
        self.contactId = contactId
        self.to = to
        self.from = from
        self.contactName = contactName
        self.customFields = customFields
        self.agentId = agentId
        self.agentPhoneNumberId = agentPhoneNumberId
        self.prompt = prompt
        self.firstMessage = firstMessage
        self.callbackBaseURL = callbackBaseURL
        self.contactEmail = contactEmail
        self.twilio = twilio
        self.elevenLabs = elevenLabs
        self.bland = bland
    }

    /// Takes the campaign's provider options from its settings.
    public func with(_ settings: CampaignSettings) -> PlaceCallRequest {
        var request = self
        request.twilio = settings.twilio
        request.elevenLabs = settings.elevenLabs
        request.bland = settings.bland
        return request
    }

    public var callbacks: CallbackURLs { CallbackURLs(base: callbackBaseURL) }
}

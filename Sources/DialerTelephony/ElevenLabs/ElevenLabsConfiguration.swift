/// ElevenLabs Agents Platform over its Twilio integration: ElevenLabs places the Twilio
/// call and receives Twilio's callbacks; we learn the end from its webhooks.
public struct ElevenLabsConfiguration: Sendable {
    /// Production: https://api.elevenlabs.io. Tests point this at dialer-sim.
    public var baseURL: String
    /// Sent as `xi-api-key`; never logged.
    public var apiKey: String
    /// Used when a request carries no agent of its own.
    public var defaultAgentId: String?
    public var defaultAgentPhoneNumberId: String?
    public var connectTimeout: Duration
    public var requestTimeout: Duration
    /// Listing conversations cannot filter by number, so each candidate is fetched; this bounds it.
    public var conversationPageSize: Int

    public init(
        baseURL: String = "https://api.elevenlabs.io", apiKey: String, defaultAgentId: String? = nil,
        defaultAgentPhoneNumberId: String? = nil, connectTimeout: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(20), conversationPageSize: Int = 100
    ) {
        var base = Substring(baseURL)
        while base.hasSuffix("/") { base = base.dropLast() }
        self.baseURL = String(base)
        self.apiKey = apiKey
        self.defaultAgentId = defaultAgentId
        self.defaultAgentPhoneNumberId = defaultAgentPhoneNumberId
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.conversationPageSize = conversationPageSize
    }
}

import Foundation

/// Everything dialer-sim can be told: where it listens, which credentials it accepts, and how
/// calls play out.
public struct SimConfiguration: Sendable {
    public var host: String
    /// 0 lets the OS pick.
    public var port: Int
    public var seed: UInt64
    /// The Twilio account's calls-per-second; calls above it stay queued and leave the queue
    /// at this rate, as Twilio does. Nil or 0: no limit. ElevenLabs calls share it (they are
    /// Twilio calls in the same account); Bland has its own queue at the same rate.
    public var callsPerSecond: Double?
    public var outcomes: OutcomeMix
    public var latency: LatencyProfile
    /// Concurrent REST requests above this get 429 (Twilio code 20429). Nil: no limit.
    public var maxConcurrentRequests: Int?
    /// Sent as Retry-After with every 429.
    public var retryAfterSeconds: Int

    public var twilioAccountSid: String
    public var twilioAuthToken: String
    /// An API key that may authenticate instead of the account SID and token.
    public var twilioAPIKeySid: String?
    public var twilioAPIKeySecret: String?
    /// Numbers that Twilio rejects with 21211 even though they look valid.
    public var invalidNumbers: Set<String>
    /// Destination numbers whose calls end this way whatever the mix draws.
    public var forcedOutcomes: [String: SimOutcome]

    public var elevenLabsAPIKey: String
    /// Where post-call and call-initiation-failure webhooks go (set per workspace at
    /// ElevenLabs, so it is configuration here, not part of the request). Nil: none sent.
    public var elevenLabsWebhookURL: String?
    /// Signs ElevenLabs webhooks when set.
    public var elevenLabsWebhookSecret: String?
    /// The number ElevenLabs calls from, whatever agent_phone_number_id names.
    public var elevenLabsAgentNumber: String

    public var blandAPIKey: String
    /// Signs Bland webhooks (X-Webhook-Signature) when set.
    public var blandWebhookSecret: String?

    /// JSON-lines file that every received request is appended to.
    public var requestLogPath: String?

    /// The service account whose JWTs `POST /token` accepts: its `client_email` and the public
    /// half of its key (PEM). Without a key, every token request is refused.
    public var googleClientEmail = "dialer-sim@dialer-sim.iam.gserviceaccount.com"
    public var googlePublicKeyPEM: String?
    /// Sheets write requests (update, append, batchUpdate) allowed per sliding 60 s; above it, 429.
    public var sheetsWriteQuotaPerMinute = 60
    /// Spreadsheets served from the start; any other spreadsheet id answers 404.
    public var sheets: [SimSheetSeed] = []

    public init(
        host: String = "127.0.0.1", port: Int = 0, seed: UInt64 = 1, callsPerSecond: Double? = 1,
        outcomes: OutcomeMix = .realistic, latency: LatencyProfile = .realistic,
        maxConcurrentRequests: Int? = nil, retryAfterSeconds: Int = 1,
        twilioAccountSid: String = "AC00000000000000000000000000000001", twilioAuthToken: String = "sim-auth-token",
        twilioAPIKeySid: String? = nil, twilioAPIKeySecret: String? = nil,
        invalidNumbers: Set<String> = ["+15005550001"], forcedOutcomes: [String: SimOutcome] = [:],
        elevenLabsAPIKey: String = "sim-xi-api-key", elevenLabsWebhookURL: String? = nil,
        elevenLabsWebhookSecret: String? = nil, elevenLabsAgentNumber: String = "+15005550006",
        blandAPIKey: String = "sim-bland-key", blandWebhookSecret: String? = nil, requestLogPath: String? = nil
    ) {
        self.host = host
        self.port = port
        self.seed = seed
        self.callsPerSecond = callsPerSecond
        self.outcomes = outcomes
        self.latency = latency
        self.maxConcurrentRequests = maxConcurrentRequests
        self.retryAfterSeconds = retryAfterSeconds
        self.twilioAccountSid = twilioAccountSid
        self.twilioAuthToken = twilioAuthToken
        self.twilioAPIKeySid = twilioAPIKeySid
        self.twilioAPIKeySecret = twilioAPIKeySecret
        self.invalidNumbers = invalidNumbers
        self.forcedOutcomes = forcedOutcomes
        self.elevenLabsAPIKey = elevenLabsAPIKey
        self.elevenLabsWebhookURL = elevenLabsWebhookURL
        self.elevenLabsWebhookSecret = elevenLabsWebhookSecret
        self.elevenLabsAgentNumber = elevenLabsAgentNumber
        self.blandAPIKey = blandAPIKey
        self.blandWebhookSecret = blandWebhookSecret
        self.requestLogPath = requestLogPath
    }
}

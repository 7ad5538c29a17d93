import DialerHTTP

/// How our Twilio client authenticates and what every created call asks Twilio for.
public struct TwilioConfiguration: Sendable {
    public enum Credentials: Sendable, Equatable, CustomStringConvertible {
        /// The account SID and its auth token.
        case authToken(String)
        /// An API key (SK…) and its secret; the account SID stays in the path.
        case apiKey(sid: String, secret: String)

        public var description: String {
            switch self {
            case .authToken: "authToken(<redacted>)"
            case .apiKey(let sid, _): "apiKey(\(sid), <redacted>)"
            }
        }
    }

    /// Production: https://api.twilio.com. Tests point this at dialer-sim.
    public var baseURL: String
    public var accountSid: String
    public var credentials: Credentials
    public var instructions: TwilioCallInstructions
    /// Sent as repeated StatusCallbackEvent fields.
    public var statusCallbackEvents: [TwilioStatusCallbackEvent]
    /// Seconds to let the phone ring (Twilio's Timeout).
    public var ringTimeoutSeconds: Int?
    /// Maximum call length in seconds (Twilio's TimeLimit).
    public var timeLimitSeconds: Int?
    public var machineDetection: TwilioMachineDetection?
    /// Run AMD in the background and report it to the AMD callback, so the call is not held.
    public var asyncAMD: Bool
    public var record: Bool
    public var connectTimeout: Duration
    /// For each REST request; a create that outlives it is reported as outcome unknown.
    public var requestTimeout: Duration
    public var listPageSize: Int

    public init(
        baseURL: String = "https://api.twilio.com", accountSid: String, credentials: Credentials,
        instructions: TwilioCallInstructions = .sayFirstMessage(fallback: "Hello."),
        statusCallbackEvents: [TwilioStatusCallbackEvent] = TwilioStatusCallbackEvent.allCases,
        ringTimeoutSeconds: Int? = 30, timeLimitSeconds: Int? = 600,
        machineDetection: TwilioMachineDetection? = .enable, asyncAMD: Bool = true, record: Bool = false,
        connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(15), listPageSize: Int = 50
    ) {
        var base = Substring(baseURL)
        while base.hasSuffix("/") { base = base.dropLast() }
        self.baseURL = String(base)
        self.accountSid = accountSid
        self.credentials = credentials
        self.instructions = instructions
        self.statusCallbackEvents = statusCallbackEvents
        self.ringTimeoutSeconds = ringTimeoutSeconds
        self.timeLimitSeconds = timeLimitSeconds
        self.machineDetection = machineDetection
        self.asyncAMD = asyncAMD
        self.record = record
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.listPageSize = listPageSize
    }

    var basicAuth: BasicCredentials {
        switch credentials {
        case .authToken(let token): BasicCredentials(user: accountSid, password: token)
        case .apiKey(let sid, let secret): BasicCredentials(user: sid, password: secret)
        }
    }

    var callsURL: String { "\(baseURL)/2010-04-01/Accounts/\(FormURLEncoding.escape(accountSid))/Calls.json" }

    func callURL(_ sid: String) -> String {
        "\(baseURL)/2010-04-01/Accounts/\(FormURLEncoding.escape(accountSid))/Calls/\(FormURLEncoding.escape(sid)).json"
    }

    /// A recording's media file: its URI with the format's extension where the resource has `.json`.
    func recordingMediaURL(_ sid: String, format: RecordingAudioFormat) -> String {
        "\(baseURL)/2010-04-01/Accounts/\(FormURLEncoding.escape(accountSid))/Recordings/\(FormURLEncoding.escape(sid)).\(format.rawValue)"
    }
}

/// What Twilio runs once the callee answers.
public enum TwilioCallInstructions: Sendable, Equatable {
    /// Twilio fetches TwiML from this URL when the call connects.
    case url(String)
    /// Fixed TwiML.
    case twiml(String)
    /// `<Say>` the request's first message, or `fallback` when it has none.
    case sayFirstMessage(fallback: String)
}

/// The values Twilio accepts for StatusCallbackEvent.
public enum TwilioStatusCallbackEvent: String, Sendable, CaseIterable {
    case initiated, ringing, answered, completed
}

/// The values Twilio accepts for MachineDetection.
public enum TwilioMachineDetection: String, Sendable, CaseIterable {
    case enable = "Enable"
    case detectMessageEnd = "DetectMessageEnd"
}

/// Bland AI's v1 call API.
public struct BlandConfiguration: Sendable {
    /// Production: https://api.bland.ai. Tests point this at dialer-sim.
    public var baseURL: String
    /// Sent in the `authorization` header; never logged.
    public var apiKey: String
    /// A conversational pathway; when nil the request's prompt (or `defaultTask`) is the task.
    public var pathwayId: String?
    public var defaultTask: String?
    public var voice: String?
    public var maxDurationMinutes: Int?
    public var record: Bool
    /// Ask Bland to classify human vs voicemail (`answered_by`).
    public var answeredByEnabled: Bool
    public var connectTimeout: Duration
    public var requestTimeout: Duration

    public init(
        baseURL: String = "https://api.bland.ai", apiKey: String, pathwayId: String? = nil,
        defaultTask: String? = nil, voice: String? = nil, maxDurationMinutes: Int? = 10, record: Bool = false,
        answeredByEnabled: Bool = true, connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(20)
    ) {
        var base = Substring(baseURL)
        while base.hasSuffix("/") { base = base.dropLast() }
        self.baseURL = String(base)
        self.apiKey = apiKey
        self.pathwayId = pathwayId
        self.defaultTask = defaultTask
        self.voice = voice
        self.maxDurationMinutes = maxDurationMinutes
        self.record = record
        self.answeredByEnabled = answeredByEnabled
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
    }
}

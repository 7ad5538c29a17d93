import DialerHTTP

/// Our webhook URLs, built from the configured public base URL. The webhook server
/// serves exactly these paths.
public struct CallbackURLs: Sendable, Equatable {
    public static let twilioStatusPath = "/webhooks/twilio/status"
    public static let twilioRecordingPath = "/webhooks/twilio/recording"
    public static let twilioAMDPath = "/webhooks/twilio/amd"
    public static let elevenLabsPath = "/webhooks/elevenlabs"
    public static let blandPath = "/webhooks/bland"
    /// The query parameter that carries our attempt id on Twilio callbacks.
    public static let attemptIdParameter = "attemptId"

    public let base: String

    public init(base: String) {
        var trimmed = Substring(base)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        self.base = String(trimmed)
    }

    public func twilioStatus(attemptId: String) -> String { withAttempt(Self.twilioStatusPath, attemptId) }
    public func twilioRecording(attemptId: String) -> String { withAttempt(Self.twilioRecordingPath, attemptId) }
    public func twilioAMD(attemptId: String) -> String { withAttempt(Self.twilioAMDPath, attemptId) }
    /// ElevenLabs' webhook is set per workspace; the attempt id travels in dynamic variables.
    public var elevenLabs: String { base + Self.elevenLabsPath }
    /// Bland's webhook is per call; the attempt id travels in `metadata.attemptId`.
    public var bland: String { base + Self.blandPath }

    /// Twilio's callbacks also carry `TwilioConnectionOverrides.callbacks`, so that Twilio retries
    /// a delivery our server refused or answered 5xx.
    private func withAttempt(_ path: String, _ attemptId: String) -> String {
        base + path + "?" + Self.attemptIdParameter + "=" + FormURLEncoding.escape(attemptId) + "#" + TwilioConnectionOverrides.callbacks.fragment
    }
}

/// How the webhook server listens, which secrets it checks callbacks against, and its limits.
///
/// `publicBaseURL` is the address providers were given (`https://dialer.example.com`). Twilio
/// signs the URL it called, and a proxy in front of us rewrites scheme, host and port, so the
/// URL is rebuilt from this value, never from the request's Host header.
public struct WebhookConfiguration: Sendable, CustomStringConvertible {
    public var host: String
    /// 0 lets the OS pick one; `WebhookServer.listeningPort()` reports it.
    public var port: Int
    public var publicBaseURL: String
    /// Twilio signs with the account's primary auth token (also when we call its API with an API key).
    public var twilioAuthToken: String?
    public var elevenLabsWebhookSecret: String?
    public var blandWebhookSecret: String?
    public var signatureValidation: SignatureValidation
    /// Twilio and Bland bodies are small; anything larger is refused with 413 before it is read.
    public var maxBodyBytes: Int
    /// ElevenLabs transcripts of long calls, and `post_call_audio` (base64 MP3), are much larger.
    public var maxElevenLabsBodyBytes: Int
    /// ElevenLabs' own examples reject a signature timestamp older than 30 minutes.
    public var elevenLabsTolerance: Duration
    public var serverName: String?
    /// How long a graceful shutdown keeps handing queued call ends to the engine (see `CallEndNotifier`).
    public var callEndShutdownGrace: Duration = .seconds(2)
    /// A connection with no request in progress for this long is closed: one that never sends
    /// a whole request, or stops sending its body, holds a socket and a task only this long.
    /// Longer than the 60 s idle timeout load balancers keep by default, so that the balancer,
    /// not us, ends an idle kept-alive connection and never sends a request into one we close.
    public var idleTimeout: Duration = .seconds(75)

    public enum SignatureValidation: Sendable, Equatable {
        case enabled
        /// Every callback is accepted unsigned. Only for local development; the server logs a
        /// warning when it starts.
        case disabledForLocalDevelopment
    }

    public static let defaultMaxBodyBytes = 256 * 1024
    public static let defaultMaxElevenLabsBodyBytes = 32 * 1024 * 1024

    public init(
        host: String = "127.0.0.1", port: Int = 8080, publicBaseURL: String,
        twilioAuthToken: String? = nil, elevenLabsWebhookSecret: String? = nil, blandWebhookSecret: String? = nil,
        signatureValidation: SignatureValidation = .enabled,
        maxBodyBytes: Int = WebhookConfiguration.defaultMaxBodyBytes,
        maxElevenLabsBodyBytes: Int = WebhookConfiguration.defaultMaxElevenLabsBodyBytes,
        elevenLabsTolerance: Duration = .seconds(30 * 60), serverName: String? = "dialerd"
    ) {
        self.host = host
        self.port = port
        var base = Substring(publicBaseURL)
        while base.hasSuffix("/") { base = base.dropLast() }
        self.publicBaseURL = String(base)
        self.twilioAuthToken = twilioAuthToken
        self.elevenLabsWebhookSecret = elevenLabsWebhookSecret
        self.blandWebhookSecret = blandWebhookSecret
        self.signatureValidation = signatureValidation
        self.maxBodyBytes = maxBodyBytes
        self.maxElevenLabsBodyBytes = maxElevenLabsBodyBytes
        self.elevenLabsTolerance = elevenLabsTolerance
        self.serverName = serverName
    }

    /// Says which secrets are set, never what they are.
    public var description: String {
        func presence(_ secret: String?) -> String { secret == nil ? "unset" : "set" }
        return "WebhookConfiguration(listen: \(host):\(port), publicBaseURL: \(publicBaseURL), "
            + "twilioAuthToken: \(presence(twilioAuthToken)), elevenLabsWebhookSecret: \(presence(elevenLabsWebhookSecret)), "
            + "blandWebhookSecret: \(presence(blandWebhookSecret)), signatureValidation: \(signatureValidation), "
            + "maxBodyBytes: \(maxBodyBytes), maxElevenLabsBodyBytes: \(maxElevenLabsBodyBytes), idleTimeout: \(idleTimeout))"
    }

    func bodyLimit(for route: WebhookRoute) -> Int {
        route == .elevenLabs ? maxElevenLabsBodyBytes : maxBodyBytes
    }
}

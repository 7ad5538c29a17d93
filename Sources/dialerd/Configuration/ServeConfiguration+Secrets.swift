import DialerLogging

extension ServeConfiguration {
    /// Every configured secret value, for scrubbing logs: provider credentials and webhook
    /// secrets, and those of the Mongo URI (its password and secret options).
    public var secretValues: [String] {
        let values: [String?] = [
            twilio?.authToken, twilio?.apiKeySecret, elevenLabs?.apiKey, elevenLabs?.webhookSecret,
            bland?.apiKey, bland?.webhookSecret, eventWebhooks?.secret, preDialSecret
        ]
        return (values.compactMap { $0 } + MongoURISecrets.values(in: mongoURI)).filter { !$0.isEmpty }
    }
}

extension String {
    /// `mongodb://user:pass@host/?tlsCertificateKeyFilePassword=pw` → `mongodb://***@host/?tlsCertificateKeyFilePassword=***`.
    public var redactingCredentials: String { MongoURISecrets.redacting(self) }
}

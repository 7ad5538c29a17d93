import DialerCore
import DialerTelephony

/// Checks each route's signature with the secret configured for its provider.
/// With validation enabled, a provider whose secret is missing is refused outright.
struct WebhookAuthenticator: Sendable {
    let configuration: WebhookConfiguration
    let clock: any WallClock

    func verify(_ route: WebhookRoute, _ request: WebhookRequest, formParameters: [(String, String)]) -> SignatureVerdict {
        if configuration.signatureValidation == .disabledForLocalDevelopment { return .unchecked }
        switch route {
        case .twilioStatus, .twilioRecording, .twilioAMD:
            guard let token = configuration.twilioAuthToken else { return .notConfigured }
            return TwilioRequestSignature(authToken: token, publicBaseURL: configuration.publicBaseURL)
                .verify(request, parameters: formParameters)
        case .elevenLabs:
            guard let secret = configuration.elevenLabsWebhookSecret else { return .notConfigured }
            return ElevenLabsRequestSignature(secret: secret, tolerance: configuration.elevenLabsTolerance)
                .verify(request, now: clock.date)
        case .bland:
            guard let secret = configuration.blandWebhookSecret else { return .notConfigured }
            return BlandRequestSignature(secret: secret).verify(request)
        }
    }

    /// A refusal decided from the headers alone, so that a request that cannot pass is answered
    /// before its body is read (up to 32 MB on the ElevenLabs route): validation on but no secret
    /// configured, no signature header, or (ElevenLabs) a malformed or expired one. Nil when only
    /// the body can tell; `verify` then decides.
    func refusalBeforeBody(_ route: WebhookRoute, header: (String) -> String?) -> SignatureVerdict? {
        if configuration.signatureValidation == .disabledForLocalDevelopment { return nil }
        switch route {
        case .twilioStatus, .twilioRecording, .twilioAMD:
            guard configuration.twilioAuthToken != nil else { return .notConfigured }
            return Self.present(header(TwilioRequestSignature.headerName)) ? nil : .missing
        case .elevenLabs:
            guard let secret = configuration.elevenLabsWebhookSecret else { return .notConfigured }
            return ElevenLabsRequestSignature(secret: secret, tolerance: configuration.elevenLabsTolerance)
                .refusalBeforeBody(header(ElevenLabsSignature.headerName), now: clock.date)
        case .bland:
            guard configuration.blandWebhookSecret != nil else { return .notConfigured }
            return Self.present(header(BlandSignature.headerName)) ? nil : .missing
        }
    }

    private static func present(_ value: String?) -> Bool { value.map { !$0.isEmpty } ?? false }
}

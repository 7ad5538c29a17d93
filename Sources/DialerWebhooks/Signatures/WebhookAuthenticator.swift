import DialerCore

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
}

import DialerHTTP

/// Builds the configured provider routes. One place, so that every route that dials through
/// the Twilio account gets it: ElevenLabs' Twilio integration places its calls on our Twilio
/// account, and only that account can hang one up (ElevenLabs' API cannot) or tell busy from
/// failed when reconciling.
public enum ProviderWiring {
    public static func providers(
        twilio: TwilioConfiguration?, elevenLabs: ElevenLabsConfiguration?, bland: BlandConfiguration?,
        http: any HTTPClient, limiter: any CallRateLimiter
    ) -> [any CallProvider] {
        let twilioAccount = twilio.map { TwilioCallProvider(configuration: $0, http: http, limiter: limiter) }
        var providers: [any CallProvider] = []
        if let twilioAccount { providers.append(twilioAccount) }
        if let elevenLabs {
            providers.append(ElevenLabsCallProvider(configuration: elevenLabs, http: http, limiter: limiter, twilio: twilioAccount))
        }
        if let bland { providers.append(BlandCallProvider(configuration: bland, http: http, limiter: limiter)) }
        return providers
    }
}

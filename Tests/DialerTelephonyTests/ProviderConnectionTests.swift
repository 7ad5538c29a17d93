import DialerCore
import DialerHTTP
import DialerTelephony
import DialerTestSupport
import Foundation
import Testing

/// Nothing listening: every provider reports it as retryable, since nothing was sent.
@Suite struct ProviderConnectionTests {
    @Test func refusedConnectionsAreRetryableForEveryProvider() async throws {
        let base = "http://127.0.0.1:\(try closedLoopbackPort())"
        let http = try CurlHTTPClient()
        let limiter = ProviderCountingLimiter()
        let providers: [any CallProvider] = [
            TwilioCallProvider(
                configuration: TwilioConfiguration(
                    baseURL: base, accountSid: "AC00000000000000000000000000000001",
                    credentials: .authToken("t")), http: http, limiter: limiter),
            ElevenLabsCallProvider(
                configuration: ElevenLabsConfiguration(
                    baseURL: base, apiKey: "k", defaultAgentId: "a",
                    defaultAgentPhoneNumberId: "p"), http: http, limiter: limiter),
            BlandCallProvider(configuration: BlandConfiguration(baseURL: base, apiKey: "k", defaultTask: "t"), http: http, limiter: limiter)
        ]
        for provider in providers {
            let error = await expectProviderError { try await provider.placeCall(providerRequest()) }
            #expect(error?.code == "connect-failed", "\(provider.kind)")
            #expect(error?.isRetryable == true, "\(provider.kind)")
        }
        #expect(await limiter.acquired == 3)
        await http.shutdown()
    }
}

import DialerCore
import DialerMetrics
import DialerTelephony
import Foundation
import Testing

@Suite("Metrics: providers, webhooks, reconciler")
struct ProviderAndWebhookMetricsTests {
    @Test func placedCallsAreCountedByProviderAndOutcomeAndTimed() async throws {
        let probe = MetricsProbe()
        let fake = FakeCallProvider(kind: .bland)
        let provider = MeteredCallProvider(fake, metrics: probe.metrics)
        let request = PlaceCallRequest(attemptId: "a1", campaignId: "c", contactId: "k", to: "+14155550100", callbackBaseURL: "http://127.0.0.1:1")
        await fake.enqueue(.placed(.queued), .fail(.permanent(code: "401", message: "bad credentials")))
        _ = try await provider.placeCall(request)
        _ = try? await provider.placeCall(request)
        #expect(probe.value(#"dialer_calls_placed_total{provider="bland",outcome="placed"}"#) == 1)
        #expect(probe.value(#"dialer_calls_placed_total{provider="bland",outcome="rejected"}"#) == 1)
        #expect(probe.value(#"dialer_provider_request_duration_seconds_count{provider="bland",operation="place_call"}"#) == 2)
    }

    @Test func webhookResultsAndSignatureFailuresAreSeparateSeries() {
        let probe = MetricsProbe()
        probe.metrics.webhooks.request(route: "twilioStatus", result: "ok")
        probe.metrics.webhooks.request(route: "twilioStatus", result: "forbidden")
        probe.metrics.webhooks.signatureFailure(route: "twilioStatus")
        #expect(probe.value(#"dialer_webhook_requests_total{route="twilioStatus",result="ok"}"#) == 1)
        #expect(probe.value(#"dialer_webhook_requests_total{route="twilioStatus",result="forbidden"}"#) == 1)
        #expect(probe.value(#"dialer_webhook_signature_failures_total{route="twilioStatus"}"#) == 1)
    }

    @Test func reconcilerActionsAndCPSGauges() {
        let probe = MetricsProbe()
        probe.metrics.engine.reconciled(.finished, count: 3)
        probe.metrics.engine.reconciled(.notDialed, count: 0)
        probe.metrics.engine.cps(inUse: 4, cap: 5)
        #expect(probe.value(#"dialer_reconciler_actions_total{action="finished"}"#) == 3)
        #expect(probe.value(#"dialer_reconciler_actions_total{action="not_dialed"}"#) == 0)
        #expect(probe.value("dialer_cps_in_use") == 4)
        #expect(probe.value("dialer_cps_cap") == 5)
    }

    @Test func disabledMetricsRecordNothingAndCostNoRegistry() {
        DialerMetrics.disabled.engine.reconciled(.error)
        DialerMetrics.disabled.provider.placed(provider: .twilio, outcome: .placed)
    }
}

/// Every metric name dialerd exports, in one place; README's metrics table lists the same.
/// Names follow Prometheus conventions: `_total` for counters, `_seconds` for durations.
public enum MetricName {
    public static let callsPlaced = "dialer_calls_placed_total"
    public static let callsInFlight = "dialer_calls_in_flight"
    public static let cpsInUse = "dialer_cps_in_use"
    public static let cpsCap = "dialer_cps_cap"
    public static let claimDuration = "dialer_claim_duration_seconds"
    public static let providerRequestDuration = "dialer_provider_request_duration_seconds"
    public static let webhookRequests = "dialer_webhook_requests_total"
    public static let webhookSignatureFailures = "dialer_webhook_signature_failures_total"
    public static let storeOperations = "dialer_store_operations_total"
    public static let storeErrors = "dialer_store_errors_total"
    public static let leasesHeld = "dialer_leases_held"
    public static let reconcilerActions = "dialer_reconciler_actions_total"

    public static let all = [
        callsPlaced, callsInFlight, cpsInUse, cpsCap, claimDuration, providerRequestDuration, webhookRequests,
        webhookSignatureFailures, storeOperations, storeErrors, leasesHeld, reconcilerActions
    ]
}

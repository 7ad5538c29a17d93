import DialerCore
import Metrics
import Synchronization

/// All of dialerd's metrics, made from one factory. Libraries take this value (or one of its
/// parts) instead of reaching for `MetricsSystem`, so tests can pass a private registry and
/// `MetricsSystem.bootstrap`, which works once per process, is left to dialerd.
public struct DialerMetrics: Sendable {
    public let provider: ProviderMetrics
    public let store: StoreMetrics
    public let webhooks: WebhookMetrics
    public let engine: EngineMetrics

    public init(factory: any MetricsFactory) {
        provider = ProviderMetrics(factory: factory)
        store = StoreMetrics(factory: factory)
        webhooks = WebhookMetrics(factory: factory)
        engine = EngineMetrics(factory: factory)
    }

    /// Records nothing: the default wherever metrics are optional.
    public static let disabled = DialerMetrics(factory: NOOPMetricsHandler.instance)
}

/// How a create-call request ended, as the `outcome` label of `dialer_calls_placed_total`.
public enum PlaceOutcome: String, Sendable, CaseIterable {
    /// The provider accepted the call.
    case placed
    /// Refused for good for this contact (bad number).
    case rejected
    /// Refused because the account or the campaign's configuration is wrong (credentials, caller id, funds):
    /// the campaign paused. Worth an alert of its own.
    case accountError = "account_error"
    /// Refused for now (rate limit, outage); nothing was dialed.
    case deferred
    /// Maybe dialed (timeout after sending); left for the reconciler.
    case unknown
}

public struct ProviderMetrics: Sendable {
    public enum Operation: String, Sendable, CaseIterable {
        case placeCall = "place_call"
        case endCall = "end_call"
        case fetchCall = "fetch_call"
        case findCalls = "find_calls"
    }
    struct PlacedKey: Hashable, Sendable {
        let provider: String
        let outcome: PlaceOutcome
    }
    struct RequestKey: Hashable, Sendable {
        let provider: String
        let operation: Operation
    }

    private let placed: MetricFamily<PlacedKey, Counter>
    private let requests: MetricFamily<RequestKey, Timer>

    init(factory: any MetricsFactory) {
        placed = MetricFamily {
            Counter(label: MetricName.callsPlaced, dimensions: [("provider", $0.provider), ("outcome", $0.outcome.rawValue)], factory: factory)
        }
        requests = MetricFamily {
            Timer(
                label: MetricName.providerRequestDuration, dimensions: [("provider", $0.provider), ("operation", $0.operation.rawValue)],
                factory: factory)
        }
    }

    public func placed(provider: ProviderKind, outcome: PlaceOutcome) {
        placed[PlacedKey(provider: provider.rawValue, outcome: outcome)].increment()
    }

    public func request(provider: ProviderKind, operation: Operation, took duration: Duration) {
        requests[RequestKey(provider: provider.rawValue, operation: operation)].record(duration: duration)
    }
}

public struct WebhookMetrics: Sendable {
    struct Key: Hashable, Sendable {
        let route: String
        let result: String
    }
    private let requests: MetricFamily<Key, Counter>
    private let signatureFailures: MetricFamily<String, Counter>

    init(factory: any MetricsFactory) {
        requests = MetricFamily {
            Counter(label: MetricName.webhookRequests, dimensions: [("route", $0.route), ("result", $0.result)], factory: factory)
        }
        signatureFailures = MetricFamily { Counter(label: MetricName.webhookSignatureFailures, dimensions: [("route", $0)], factory: factory) }
    }

    /// `result` is a short fixed word (`ok`, `forbidden`, `bad_request`, `unavailable`, `too_large`), never request data.
    public func request(route: String, result: String) {
        requests[Key(route: route, result: result)].increment()
    }

    public func signatureFailure(route: String) {
        signatureFailures[route].increment()
    }
}

public struct EngineMetrics: Sendable {
    public enum ReconcilerAction: String, Sendable, CaseIterable {
        case finished
        case stillLive = "still_live"
        case notDialed = "not_dialed"
        case releasedClaim = "released_claim"
        case unreconcilable, unreadable, error
    }

    private let inFlight: MetricFamily<ObjectId, Gauge>
    private let leases: Gauge
    private let heldLeases = HeldLeases()
    private let reconciler: [ReconcilerAction: Counter]
    public let cpsInUse: Gauge
    public let cpsCap: Gauge

    init(factory: any MetricsFactory) {
        inFlight = MetricFamily { Gauge(label: MetricName.callsInFlight, dimensions: [("campaign", $0.hex)], factory: factory) }
        leases = Gauge(label: MetricName.leasesHeld, factory: factory)
        reconciler = Dictionary(
            uniqueKeysWithValues: ReconcilerAction.allCases.map {
                ($0, Counter(label: MetricName.reconcilerActions, dimensions: [("action", $0.rawValue)], factory: factory))
            })
        cpsInUse = Gauge(label: MetricName.cpsInUse, factory: factory)
        cpsCap = Gauge(label: MetricName.cpsCap, factory: factory)
    }

    public func callsInFlight(campaign: ObjectId, _ count: Int) { inFlight[campaign].record(count) }

    /// Drops a campaign's in-flight series once its run here is over (lease released with no live
    /// call), so a long-lived dialerd does not export one series per campaign it ever ran.
    public func forgetCampaign(_ campaign: ObjectId) { inFlight.remove(campaign)?.destroy() }

    public func leaseHeld(_ campaign: ObjectId, _ held: Bool) {
        leases.record(heldLeases.update(campaign, held: held))
    }

    public func reconciled(_ action: ReconcilerAction, count: Int = 1) {
        guard count > 0 else { return }
        reconciler[action]?.increment(by: count)
    }

    public func cps(inUse: Int, cap: Double) {
        cpsInUse.record(inUse)
        cpsCap.record(cap)
    }
}

/// The campaigns whose lease this process holds; a class so the Mutex is shared, not copied.
final class HeldLeases: Sendable {
    private let campaigns = Mutex<Set<ObjectId>>([])

    /// Records the campaign as held or not; returns how many are held.
    func update(_ campaign: ObjectId, held: Bool) -> Int {
        campaigns.withLock { campaigns in
            if held { campaigns.insert(campaign) } else { campaigns.remove(campaign) }
            return campaigns.count
        }
    }
}

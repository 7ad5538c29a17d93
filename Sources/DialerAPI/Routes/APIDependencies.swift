import DialerCore
import DialerOperator
import DialerStore
import DialerTelephony
import DialerWebhooks
import Logging
import Metrics

/// What the API's routes read: the store's read roles, and the keys.
public typealias APIStore = CallRecords & CallArtifacts & CampaignRecords & ContactRecords & DialProgressRecords & APIKeyRecords
    & CallAdministration & ArtifactAdministration & ContactAdministration & CampaignAdministration

/// Everything the route table's handlers use.
public struct APIDependencies: Sendable {
    public var store: any APIStore
    /// Campaign actions go through the operator backend, as `dialerctl`'s do.
    public var backend: any OperatorBackend
    /// `/healthz` and `/readyz`, shared with the webhook port; nil: not served here.
    public var health: HealthCheck?
    /// The Prometheus text for `/metrics`; nil: not served here.
    public var metrics: (@Sendable () async -> [UInt8])?
    /// Fetches recordings' audio from the providers; nil: the audio route answers 503.
    public var recordingAudio: (any RecordingAudioSource)?
    public var clock: any WallClock
    public var logger: Logger
    /// Counts requests by route template (`dialer_api_requests_total`).
    public var metricsFactory: any MetricsFactory

    public init(
        store: any APIStore, backend: any OperatorBackend, health: HealthCheck? = nil,
        metrics: (@Sendable () async -> [UInt8])? = nil, recordingAudio: (any RecordingAudioSource)? = nil, clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "dialer.api"), metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.metricsFactory = metricsFactory
        self.store = store
        self.backend = backend
        self.health = health
        self.metrics = metrics
        self.recordingAudio = recordingAudio
        self.clock = clock
        self.logger = logger
    }
}

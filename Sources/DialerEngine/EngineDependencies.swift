import DialerCore
import DialerStore
import DialerTelephony
import Foundation
import Logging

public struct EngineConfiguration: Sendable {
    /// Owner name on campaign leases and claims; unique per running dialerd.
    public var instanceId: String
    public var pollInterval: Duration
    /// How long a lease holds without renewal; it is renewed every third of that.
    public var leaseDuration: Duration
    /// A campaign with nothing to do for longer than this, and no live calls, is parked:
    /// its `nextExecution` is set and its lease released, instead of being polled.
    public var parkAfter: Duration
    /// Our public base URL; providers call back under it.
    public var callbackBaseURL: String
    /// Non-terminal calls older than this are checked with the provider.
    public var reconcileAfter: Duration
    public var reconcileInterval: Duration
    /// How long a drain waits for live calls before it exits and leaves their leases in place.
    public var drainDeadline: Duration
    /// How late a pacing wake may come so it shares a wake with other engine work. At a
    /// saturated CPS cap a campaign's next slot frees one guard band after its pacing deadline,
    /// so a little more than the band lets the wake and the grant be one. It only ever
    /// lengthens a gap, never shortens it; measured in `dialer-bench engine --pacing-tolerance-ms`.
    public var pacingTolerance: Duration

    public init(
        instanceId: String, pollInterval: Duration = .seconds(1), leaseDuration: Duration = .seconds(30),
        parkAfter: Duration = .seconds(60), callbackBaseURL: String, reconcileAfter: Duration = .seconds(120),
        reconcileInterval: Duration = .seconds(30), drainDeadline: Duration = .seconds(30),
        pacingTolerance: Duration = CarrierGuardBand.default + .milliseconds(1)
    ) {
        self.pacingTolerance = pacingTolerance
        self.instanceId = instanceId
        self.pollInterval = pollInterval
        self.leaseDuration = leaseDuration
        self.parkAfter = parkAfter
        self.callbackBaseURL = callbackBaseURL
        self.reconcileAfter = reconcileAfter
        self.reconcileInterval = reconcileInterval
        self.drainDeadline = drainDeadline
    }
}

/// Which provider serves which route; a campaign names its route in `provider` (default Twilio).
public struct ProviderRegistry: Sendable {
    private let providers: [String: any CallProvider]

    public init(_ providers: [any CallProvider]) {
        self.providers = Dictionary(providers.map { ($0.kind.rawValue, $0) }, uniquingKeysWith: { $1 })
    }

    public func provider(for kind: ProviderKind) -> (any CallProvider)? { providers[kind.rawValue] }
}

/// The engine places calls through the account limiter itself, right before its pause gate,
/// so a call queued for a CPS slot cannot start after a pause. Providers built for the engine
/// therefore get this pass-through limiter.
public struct PassThroughRateLimiter: CallRateLimiter {
    public init() {}
    public func acquire() async throws { try Task.checkCancellation() }
}

public struct EngineDependencies: Sendable {
    public var store: any EngineStore
    public var providers: ProviderRegistry
    public var limiter: any CallRateLimiter
    public var clock: any WallClock
    public var config: EngineConfiguration
    public var logger: Logger
    /// Told of every verdict (the sheet write-back); it only enqueues, so dialing never waits on it.
    public var resultSink: (any CallResultSink)?
    /// Told of call ends and completions before they are final (outbound event webhooks); nil sends none.
    public var events: (any EngineEventPublisher)?
    /// Where the scheduler's tasks run (see `EngineLoop`); nil runs them on the global pool.
    public var executor: (any TaskExecutor)?
    /// Answers campaigns' pre-dial checks; nil when no signing secret is configured, and a campaign with a
    /// check then pauses rather than dial unchecked or skip every contact.
    public var preDial: (any PreDialChecker)?

    public init(
        store: any EngineStore, providers: ProviderRegistry, limiter: any CallRateLimiter, clock: any WallClock,
        config: EngineConfiguration, logger: Logger = Logger(label: "dialer.engine"), resultSink: (any CallResultSink)? = nil,
        executor: (any TaskExecutor)? = nil, events: (any EngineEventPublisher)? = nil, preDial: (any PreDialChecker)? = nil
    ) {
        self.events = events
        self.executor = executor
        self.preDial = preDial
        self.resultSink = resultSink
        self.store = store
        self.providers = providers
        self.limiter = limiter
        self.clock = clock
        self.config = config
        self.logger = logger
    }

    var now: Date { clock.now.date }
}

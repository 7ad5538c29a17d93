import DialerAPI
import DialerControl
import DialerCore
import DialerEngine
import DialerHTTP
import DialerMetrics
import DialerNotify
import DialerOperations
import DialerSheets
import DialerStore
import DialerTelephony
import DialerWebhooks
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// Wiring only: builds every long-running part and runs them in one ServiceGroup.
struct DialerdServices {
    let configuration: ServeConfiguration
    let logger: Logger

    func run() async throws {
        // Only dialerd picks the metrics backend; libraries are handed `metrics` and use swift-metrics' API.
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        MetricsSystem.bootstrap(factory)
        let metrics = DialerMetrics(factory: factory)
        let mongo = try MongoStore(uri: configuration.mongoURI)
        _ = try await mongo.ensureIndexes()
        let store = MeteredStore(mongo, metrics: metrics)
        await SayFallbackWarning.log(store, logger: logger)
        let http = try CurlHTTPClient()
        // The engine's tasks and timers share one thread: a wake through Dispatch costs several
        // times the CPU here (`dialer-bench timers`), and the engine wakes for every call.
        let engineLoop = EngineLoop()
        let clock = SystemWallClock(loop: engineLoop)
        let limiter = TokenBucketLimiter(
            ratePerSecond: configuration.cps, guardBand: CarrierGuardBand.default,
            clock: LoopClock(loop: engineLoop), executor: engineLoop)
        let providers = ProviderRegistry(makeProviders(http: http).map { MeteredCallProvider($0, metrics: metrics) })
        let engineConfig = EngineConfiguration(
            instanceId: configuration.instanceId, pollInterval: configuration.pollInterval,
            leaseDuration: configuration.leaseDuration, callbackBaseURL: configuration.publicURL,
            reconcileAfter: configuration.reconcileAfter, reconcileInterval: configuration.reconcileInterval,
            drainDeadline: configuration.drainDeadline)
        let sheets = try SheetsWiring.make(configuration.sheets, store: store, http: http, clock: clock)
        let events = EventWebhookWiring.make(configuration, store: store, http: http, clock: clock)
        let preDial = configuration.preDialSecret.map {
            HTTPPreDialChecker(http: http, secret: $0, concurrency: configuration.preDialConcurrency)
        }
        let deps = EngineDependencies(
            store: store, providers: providers, limiter: limiter, clock: clock, config: engineConfig,
            logger: Logger(label: "dialer.engine"), resultSink: sheets?.writeBack, executor: engineLoop, events: events?.publisher,
            preDial: preDial)
        let scheduler = Scheduler(deps: deps)
        let reconciler = Reconciler(deps: deps, listener: scheduler, metrics: metrics.engine)
        let router = Router()
        let readiness = Readiness(required: ["webhooks", "api", "reconciler", "control", "scheduler"])
        // One health check for both listeners, so their probes share one database ping.
        let health = HealthCheck(store: store, readiness: readiness, isDraining: { await scheduler.isDraining })
        HealthRoutes.register(on: router, check: health)
        // Callbacks the database cannot take wait on disk and are stored when it is back.
        let spool = try CallbackSpool(
            directory: configuration.spoolDirectory ?? CallbackSpool.defaultDirectory(),
            maxBytes: configuration.spoolMaxBytes)
        logger.info("callback spool", metadata: ["path": "\(spool.path)", "bytes": "\(spool.byteCount)"])
        let webhooks = WebhookServer(
            configuration: WebhookConfiguration(
                host: configuration.bindHost, port: configuration.bindPort, publicBaseURL: configuration.publicURL,
                twilioAuthToken: configuration.twilio?.authToken, elevenLabsWebhookSecret: configuration.elevenLabs?.webhookSecret,
                blandWebhookSecret: configuration.bland?.webhookSecret,
                signatureValidation: configuration.skipSignatures ? .disabledForLocalDevelopment : .enabled),
            store: store, listener: scheduler, summarySink: sheets?.writeBack, clock: clock, router: router,
            logger: Logger(label: "dialer.webhooks"),
            metrics: metrics.webhooks, spool: spool)
        let operations = CampaignOperations(store: store, providers: providers, clock: clock, notify: { await scheduler.wake($0) })
        // Shared by the API and the backend, so a key revoked through dialerctl is refused here at once.
        let keyAuthenticator = APIKeyAuthenticator(store: store, clock: clock, logger: Logger(label: "dialer.api"))
        let backend = EngineOperatorBackend(
            store: store, operations: operations, scheduler: scheduler, cps: limiter,
            instanceId: configuration.instanceId, clock: clock, sheets: sheets, apiKeyRevoked: { keyAuthenticator.forget(hash: $0) })
        let api = APIServer(
            configuration: APIServerConfiguration(host: configuration.apiHost, port: configuration.apiPort),
            dependencies: APIDependencies(
                store: store, backend: backend, health: health,
                metrics: {
                    // Gauges cheaper to read than to keep current (CPS in use) are refreshed on each scrape.
                    metrics.engine.cps(inUse: limiter.grantsInLastSecond(), cap: limiter.configuredRate)
                    return registry.emitToBuffer()
                }, recordingAudio: makeRecordingAudio(http: http), clock: clock, logger: Logger(label: "dialer.api"), metricsFactory: factory),
            authenticator: keyAuthenticator)
        let control = ControlServer(
            configuration: ControlServerConfiguration(socketPath: configuration.controlSocket ?? ControlSocketPath.default()),
            backend: backend, logger: Logger(label: "dialer.control"))
        // Graceful shutdown (SIGTERM, SIGINT, or a drain ending the scheduler's run) stops the services
        // one at a time in reverse order, each after the one below it has returned:
        // 1. the scheduler stops claiming and waits up to drainSeconds for live calls, whose webhooks
        //    still arrive because the webhook server is still up; leases of calls still live are kept;
        // 2. the reconciler; 3. the webhook server, after which nothing new can end a call;
        // 4. the sheet write-back, so results of calls that ended during the drain are flushed;
        // 5. the event webhook deliverer, after the last call end was queued; it finishes the request
        //    under way and leaves the rest in the queue, for the next start or another instance;
        // 6. the operator API, so operators can watch the drain to its end;
        // 7. the control socket, last, so when `dialerctl drain --wait` sees it go away, nothing of
        //    dialerd is still running (a successor can bind the webhook port at once).
        let sheetServices: [ServiceGroupConfiguration.ServiceConfiguration] = sheets.map { [.init(service: $0.writeBack)] } ?? []
        let eventServices: [ServiceGroupConfiguration.ServiceConfiguration] = events.map { [.init(service: $0.deliverer)] } ?? []
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: ControlReadyWhenBound(server: control, readiness: readiness)),
                    .init(service: APIReadyWhenListening(server: api, readiness: readiness))
                ] + eventServices + sheetServices + [
                    .init(service: WebhooksReadyWhenListening(server: webhooks, readiness: readiness)),
                    .init(service: ReadyWhenRunning(name: "reconciler", base: reconciler, readiness: readiness)),
                    .init(
                        service: ReadyWhenRunning(name: "scheduler", base: scheduler, readiness: readiness),
                        successTerminationBehavior: .gracefullyShutdownGroup)
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
        await http.shutdown()
    }

    /// The engine takes the CPS slot itself, before its pause gate, so providers get a pass-through limiter.
    private func makeProviders(http: any HTTPClient) -> [any CallProvider] {
        ProviderWiring.providers(
            twilio: twilioConfiguration, elevenLabs: elevenLabsConfiguration, bland: blandConfiguration, http: http,
            limiter: PassThroughRateLimiter())
    }

    /// Recording audio is fetched with the accounts that placed the calls.
    private func makeRecordingAudio(http: any HTTPStreamingClient) -> any RecordingAudioSource {
        ProviderRecordingAudioSource(twilio: twilioConfiguration, elevenLabs: elevenLabsConfiguration, bland: blandConfiguration, http: http)
    }

    private var twilioConfiguration: TwilioConfiguration? {
        configuration.twilio.map { twilio in
            let credentials: TwilioConfiguration.Credentials =
                if let sid = twilio.apiKeySid, let secret = twilio.apiKeySecret {
                    .apiKey(sid: sid, secret: secret)
                } else {
                    .authToken(twilio.authToken ?? "")
                }
            return TwilioConfiguration(baseURL: twilio.baseURL, accountSid: twilio.accountSid, credentials: credentials)
        }
    }

    private var elevenLabsConfiguration: ElevenLabsConfiguration? {
        configuration.elevenLabs.map { ElevenLabsConfiguration(baseURL: $0.baseURL, apiKey: $0.apiKey) }
    }

    private var blandConfiguration: BlandConfiguration? {
        configuration.bland.map { BlandConfiguration(baseURL: $0.baseURL, apiKey: $0.apiKey) }
    }
}

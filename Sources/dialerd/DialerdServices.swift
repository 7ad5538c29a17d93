import DialerControl
import DialerCore
import DialerEngine
import DialerSheets
import DialerStore
import DialerTelephony
import DialerWebhooks
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Wiring only: builds every long-running part and runs them in one ServiceGroup.
struct DialerdServices {
    let configuration: ServeConfiguration
    let logger: Logger

    func run() async throws {
        let store = try MongoStore(uri: configuration.mongoURI)
        _ = try await store.ensureIndexes()
        let http = try CurlHTTPClient()
        let clock = SystemWallClock()
        // The carrier counts arrivals; 5 ms of slack absorbs the network's jitter.
        let limiter = TokenBucketLimiter(ratePerSecond: configuration.cps, guardBand: .milliseconds(5), clock: ContinuousClock())
        let providers = ProviderRegistry(makeProviders(http: http))
        let engineConfig = EngineConfig(instanceId: configuration.instanceId, pollInterval: configuration.pollInterval,
                                        leaseDuration: configuration.leaseDuration, callbackBaseURL: configuration.publicURL,
                                        reconcileAfter: configuration.reconcileAfter, reconcileInterval: configuration.reconcileInterval,
                                        drainDeadline: configuration.drainDeadline)
        let sheets = try SheetsWiring.make(configuration.sheets, store: store, http: http, clock: clock)
        let deps = EngineDependencies(store: store, providers: providers, limiter: limiter, clock: clock, config: engineConfig,
                                      logger: Logger(label: "dialer.engine"), resultSink: sheets?.writeBack)
        let scheduler = Scheduler(deps: deps)
        let reconciler = Reconciler(deps: deps, listener: scheduler)
        let router = Router()
        HealthRoutes.register(on: router, store: store)
        let webhooks = WebhookServer(
            configuration: WebhookConfiguration(
                host: configuration.bindHost, port: configuration.bindPort, publicBaseURL: configuration.publicURL,
                twilioAuthToken: configuration.twilio?.authToken, elevenLabsWebhookSecret: configuration.elevenLabs?.webhookSecret,
                blandWebhookSecret: configuration.bland?.webhookSecret,
                signatureValidation: configuration.skipSignatures ? .disabledForLocalDevelopment : .enabled),
            store: store, listener: scheduler, clock: clock, router: router, logger: Logger(label: "dialer.webhooks"))
        let operations = CampaignOperations(store: store, providers: providers, clock: clock, notify: { await scheduler.wake($0) })
        let backend = EngineControlBackend(store: store, operations: operations, scheduler: scheduler, cps: limiter,
                                           instanceId: configuration.instanceId, clock: clock, sheets: sheets)
        let control = ControlServer(
            configuration: ControlServerConfiguration(socketPath: configuration.controlSocket ?? ControlSocketPath.default()),
            backend: backend, logger: Logger(label: "dialer.control"))
        // Shutdown runs in reverse: the scheduler drains first while webhooks and the control socket stay up.
        // A drain ends the scheduler's run, which then shuts the whole group down. The sheet
        // write-back stops last, so results of calls that end during the drain are flushed too.
        let sheetServices: [ServiceGroupConfiguration.ServiceConfiguration] = sheets.map { [.init(service: $0.writeBack)] } ?? []
        let group = ServiceGroup(configuration: .init(
            services: sheetServices + [.init(service: webhooks), .init(service: reconciler), .init(service: control),
                       .init(service: scheduler, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        await http.shutdown()
    }

    /// The engine takes the CPS slot itself, before its pause gate, so providers get a pass-through limiter.
    private func makeProviders(http: any HTTPClient) -> [any CallProvider] {
        var providers: [any CallProvider] = []
        let passThrough = PassThroughRateLimiter()
        if let twilio = configuration.twilio {
            let credentials: TwilioConfiguration.Credentials = if let sid = twilio.apiKeySid, let secret = twilio.apiKeySecret {
                .apiKey(sid: sid, secret: secret)
            } else {
                .authToken(twilio.authToken ?? "")
            }
            providers.append(TwilioCallProvider(
                configuration: TwilioConfiguration(baseURL: twilio.baseURL, accountSid: twilio.accountSid, credentials: credentials),
                http: http, limiter: passThrough))
        }
        if let elevenLabs = configuration.elevenLabs {
            providers.append(ElevenLabsCallProvider(
                configuration: ElevenLabsConfiguration(baseURL: elevenLabs.baseURL, apiKey: elevenLabs.apiKey), http: http, limiter: passThrough))
        }
        if let bland = configuration.bland {
            providers.append(BlandCallProvider(
                configuration: BlandConfiguration(baseURL: bland.baseURL, apiKey: bland.apiKey), http: http, limiter: passThrough))
        }
        return providers
    }
}

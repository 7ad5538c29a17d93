import DialerCore
import DialerMetrics
import DialerStore
import Hummingbird
import Logging
import ServiceLifecycle

/// The webhook server as a Hummingbird application, which is itself a `Service`: `dialerd`
/// puts it in its `ServiceGroup`. The call-end notifier runs inside it, so the engine hears
/// of ended calls for as long as the server runs.
///
/// Pass a `router` that already carries other routes (`/healthz`, `/metrics`) to serve them
/// on the same port. With a `spool`, callbacks the store cannot take are kept on disk and
/// replayed by a `SpoolReplayer` that runs with the server.
public func makeWebhookApplication(
    configuration: WebhookConfiguration,
    store: any CallbackStore,
    listener: any CallEndListener,
    summarySink: (any CallSummarySink)? = nil,
    clock: any WallClock = SystemWallClock(),
    router: Router<BasicRequestContext> = Router(),
    logger: Logger = Logger(label: "dialer.webhooks"),
    metrics: WebhookMetrics = DialerMetrics.disabled.webhooks,
    spool: CallbackSpool? = nil,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let notifier = CallEndNotifier(listener: listener, clock: clock, shutdownGrace: configuration.callEndShutdownGrace, logger: logger)
    let handler = WebhookHandler(
        configuration: configuration, store: store, notifier: notifier, summarySink: summarySink,
        clock: clock, logger: logger, metrics: metrics, spool: spool)
    // The replayer stores spooled callbacks through this handler, so they reach the same notifier.
    let replayer: [any Service] = spool.map { [SpoolReplayer(spool: $0, handler: handler, logger: logger)] } ?? []
    WebhookHTTPAdapter.register(on: router, handler: handler)
    WebhookStartupReport.log(configuration, logger: logger)
    return Application(
        router: router,
        // Clamped to a year: a larger duration would overflow the Int64 of NIO's TimeAmount.
        server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(min(configuration.idleTimeout.milliseconds, 3.2e10))))),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: configuration.serverName),
        services: [notifier] + replayer,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// What an operator must know before the first callback arrives.
enum WebhookStartupReport {
    static func log(_ configuration: WebhookConfiguration, logger: Logger) {
        logger.info("webhook server configured", metadata: ["configuration": "\(configuration)"])
        if configuration.signatureValidation == .disabledForLocalDevelopment {
            logger.warning(
                """
                WEBHOOK SIGNATURE VALIDATION IS DISABLED. Anyone who can reach this server can forge \
                call results. Use this only for local development; never expose this server.
                """)
            return
        }
        let missing = [
            ("Twilio auth token", configuration.twilioAuthToken), ("ElevenLabs webhook secret", configuration.elevenLabsWebhookSecret),
            ("Bland webhook secret", configuration.blandWebhookSecret)
        ].filter { $0.1 == nil }.map(\.0)
        if !missing.isEmpty {
            logger.warning(
                "callbacks from providers without a configured secret will be refused with 403",
                metadata: ["missing": "\(missing.joined(separator: ", "))"])
        }
    }
}

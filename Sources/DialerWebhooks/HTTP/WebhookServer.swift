import DialerCore
import DialerMetrics
import DialerStore
import Hummingbird
import Logging
import ServiceLifecycle

/// `makeWebhookApplication` wrapped so that callers can learn the bound port: tests and
/// benchmarks listen on port 0. A `Service`; `run()` returns on cancellation or graceful shutdown.
public final class WebhookServer: Service, Sendable {
    private let application: any Service
    private let port = PortPromise()

    public init(
        configuration: WebhookConfiguration, store: any CallbackStore, listener: any CallEndListener,
        summarySink: (any CallSummarySink)? = nil, clock: any WallClock = SystemWallClock(),
        router: Router<BasicRequestContext> = Router(),
        logger: Logger = Logger(label: "dialer.webhooks"), metrics: WebhookMetrics = DialerMetrics.disabled.webhooks,
        spool: CallbackSpool? = nil
    ) {
        let port = self.port
        application = makeWebhookApplication(
            configuration: configuration, store: store, listener: listener,
            summarySink: summarySink, clock: clock, router: router, logger: logger, metrics: metrics, spool: spool,
            onServerRunning: { port.fulfil(.success($0)) })
    }

    public func run() async throws {
        do {
            try await application.run()
            port.fulfil(.failure(CancellationError()))
        } catch {
            port.fulfil(.failure(error))
            if error is CancellationError { return }
            throw error
        }
    }

    /// Waits until the server listens; throws if it stopped or failed first.
    public func listeningPort() async throws -> Int {
        try await port.value()
    }
}

import DialerCore
import DialerMetrics
import DialerStore
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

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

/// A one-shot result shared between the server task and whoever waits for the port.
final class PortPromise: Sendable {
    private let state = Mutex<(result: Result<Int, any Error>?, waiters: [CheckedContinuation<Int, any Error>])>((nil, []))

    func fulfil(_ result: Result<Int, any Error>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            guard state.result == nil else { return [] }
            state.result = result
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    func value() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<Int, any Error>? in
                if let result = state.result { return result }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}

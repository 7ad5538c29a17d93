import DialerCore
import Logging
import ServiceLifecycle

/// Hands calls that just ended to the engine's `CallEndListener`, off the request path.
///
/// A webhook handler only enqueues (a non-blocking `yield`), so its answer waits on nothing but
/// its store writes, however slow the listener is. `run()` delivers the calls one at a time in
/// the order they ended; the listener should return quickly (wake the scheduler, not place
/// calls). Losing the queue in a crash loses nothing durable: the call's terminal status is
/// already stored, and the engine counts in-flight calls from the database.
///
/// `makeWebhookApplication` runs it with the HTTP server. Whoever mounts `WebhookRoutes` on a
/// router of their own must run it in their `ServiceGroup`; until it runs, calls queue up.
public final class CallEndNotifier: Service, Sendable {
    private let listener: any CallEndListener
    private let stream: AsyncStream<Call>
    private let continuation: AsyncStream<Call>.Continuation
    private let logger: Logger

    public init(listener: any CallEndListener, logger: Logger = Logger(label: "dialer.webhooks.notifier")) {
        self.listener = listener
        self.logger = logger
        (stream, continuation) = AsyncStream.makeStream(of: Call.self, bufferingPolicy: .unbounded)
    }

    func notify(_ call: Call) {
        continuation.yield(call)
    }

    /// Returns on cancellation, or after draining what was queued once graceful shutdown
    /// begins (the HTTP server, started after it, has stopped taking requests by then).
    public func run() async {
        await withGracefulShutdownHandler {
            for await call in stream {
                await listener.callEnded(call)
            }
        } onGracefulShutdown: { [continuation] in
            continuation.finish()
        }
        logger.debug("call-end notifier stopped")
    }
}

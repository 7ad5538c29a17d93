import DialerCore
import Foundation
import Logging
import ServiceLifecycle

/// Hands calls that just ended to the engine's `CallEndListener`, off the request path.
///
/// A webhook handler only enqueues (a non-blocking `yield`), so its answer waits on nothing but
/// its store writes, however slow the listener is. `run()` delivers the calls one at a time in
/// the order they ended; the listener should return quickly (wake the scheduler, not place
/// calls). Losing the queue in a crash loses nothing durable: the call's terminal status is
/// already stored, and the reconciler finishes a claim whose call has ended.
///
/// `makeWebhookApplication` runs it with the HTTP server. Whoever mounts `WebhookHTTPAdapter` on a
/// router of their own must run it in their `ServiceGroup`; until it runs, calls queue up.
public final class CallEndNotifier: Service, Sendable {
    private let listener: any CallEndListener
    private let stream: AsyncStream<Call>
    private let continuation: AsyncStream<Call>.Continuation
    private let clock: any WallClock
    private let shutdownGrace: Duration
    /// When a shutdown stops delivering; nil until one begins. Internal so tests can see it.
    let cutoff = LockedValue<WallInstant?>(nil)
    private let logger: Logger

    /// `shutdownGrace`: how long a graceful shutdown keeps delivering what is queued. With a slow
    /// database each delivery takes several store writes, and a shutdown must not wait on a long
    /// queue; what is left is finished by the reconciler after a restart.
    public init(
        listener: any CallEndListener, clock: any WallClock = SystemWallClock(), shutdownGrace: Duration = .seconds(2),
        logger: Logger = Logger(label: "dialer.webhooks.notifier")
    ) {
        self.listener = listener
        self.clock = clock
        self.shutdownGrace = shutdownGrace
        self.logger = logger
        (stream, continuation) = AsyncStream.makeStream(of: Call.self, bufferingPolicy: .unbounded)
    }

    func notify(_ call: Call) {
        continuation.yield(call)
    }

    /// Returns on cancellation, or once graceful shutdown has begun (the HTTP server, started
    /// after it, has stopped taking requests by then) and the queue is delivered or the grace is over.
    public func run() async {
        var leftToReconciler = 0
        await withGracefulShutdownHandler {
            for await call in stream {
                if let cutoff = cutoff.withLock({ $0 }), clock.now >= cutoff {
                    leftToReconciler += 1
                    continue
                }
                await listener.callEnded(call)
            }
        } onGracefulShutdown: { [continuation, cutoff, clock, shutdownGrace] in
            let end = clock.now.advanced(by: shutdownGrace)
            cutoff.withLock { if $0 == nil { $0 = end } }
            continuation.finish()
        }
        if leftToReconciler > 0 {
            logger.warning(
                "shutdown grace over: ended calls left for the reconciler to finish",
                metadata: ["calls": "\(leftToReconciler)"])
        }
        logger.debug("call-end notifier stopped")
    }
}

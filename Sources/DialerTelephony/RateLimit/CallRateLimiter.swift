/// The account-wide calls-per-second limit every call creation passes through.
public protocol CallRateLimiter: Sendable {
    /// Returns when one more call may start. Waiters are served first come, first served.
    /// Throws `CancellationError` if the calling task is cancelled while waiting.
    nonisolated(nonsending) func acquire() async throws
}

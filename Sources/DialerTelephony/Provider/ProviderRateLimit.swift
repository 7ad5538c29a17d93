enum ProviderRateLimit {
    /// Waits for the account-wide calls-per-second budget. Nothing has been sent yet, so a
    /// failure here (cancellation, shutdown) is safe to retry.
    static func acquire(_ limiter: any CallRateLimiter) async throws(ProviderError) {
        do {
            try await limiter.acquire()
        } catch {
            throw .retryable(code: "rate-limiter", message: "no call slot: \(error)", retryAfter: nil)
        }
    }
}

import DialerCore
import Foundation

/// Keeps writes under Google's per-user quota (60 write requests a minute by default): a token
/// bucket of `burst` tokens refilled at `perMinute / 60` a second, on an injected clock.
public struct WriteBudget: Sendable {
    public var perMinute: Double
    public var burst: Double
    private var tokens: Double
    private var updatedAt: Date

    public init(perMinute: Double, burst: Double = 5, now: Date) {
        self.perMinute = max(perMinute, 0.001)
        self.burst = max(burst, 1)
        tokens = self.burst
        updatedAt = now
    }

    /// Takes a token if one is there; otherwise returns how long until one is.
    public mutating func take(now: Date) -> TimeInterval? {
        let rate = perMinute / 60
        tokens = min(burst, tokens + max(0, now.timeIntervalSince(updatedAt)) * rate)
        updatedAt = now
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return (1 - tokens) / rate
    }
}

/// Exponential backoff after a 429 or a transient failure; Retry-After wins when Google sends it.
public struct Backoff: Sendable, Equatable {
    public var initial: TimeInterval
    public var maximum: TimeInterval
    private(set) var failures = 0

    public init(initial: TimeInterval = 1, maximum: TimeInterval = 64) {
        self.initial = initial
        self.maximum = maximum
    }

    public mutating func next(retryAfter: TimeInterval?) -> TimeInterval {
        let exponential = min(maximum, initial * pow(2, Double(failures)))
        failures += 1
        if let retryAfter, retryAfter > 0 { return min(max(retryAfter, 0), maximum * 4) }
        // Up to 10% jitter, so several dialerds do not retry in step.
        return exponential * (1 + Double.random(in: 0..<0.1))
    }

    public mutating func reset() { failures = 0 }
}

import DialerCore
import Foundation

/// When a failed delivery is tried again: exponentially later, with jitter so a receiver that
/// comes back is not hit by every queued event at once, and never after `giveUpAfter` from the
/// event. A value, so tests use one with short delays.
public struct DeliveryBackoff: Sendable {
    /// 10 s, 20 s, 40 s, … up to one hour between attempts, for a day: about 30 attempts.
    public static let standard = DeliveryBackoff(first: .seconds(10), longest: .seconds(3600), jitter: 0.2, giveUpAfter: .seconds(86_400))

    public var first: Duration
    public var longest: Duration
    /// Up to this fraction of the delay is added at random.
    public var jitter: Double
    public var giveUpAfter: Duration

    public init(first: Duration, longest: Duration, jitter: Double, giveUpAfter: Duration) {
        self.first = first
        self.longest = longest
        self.jitter = jitter
        self.giveUpAfter = giveUpAfter
    }

    /// The next attempt after attempt number `attempts` (1-based) failed at `now`, or nil when
    /// it would start after `giveUpAt`. `random` is in 0..<1.
    public func nextAttempt(after attempts: Int, now: Date, giveUpAt: Date, random: Double) -> Date? {
        let doublings = Double(min(max(attempts - 1, 0), 40))
        let delay = min(first.seconds * pow(2, doublings), longest.seconds) * (1 + jitter * random)
        let next = now.addingTimeInterval(delay)
        return next <= giveUpAt ? next : nil
    }
}

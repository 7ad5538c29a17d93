import DialerCore
import Foundation

/// When the next attempt may start: `retryDelay` grown by `retryBackoff` per earlier retry,
/// plus up to `retryJitter` of it at random, then moved into the callee's next legal window.
public struct RetrySchedule: Sendable {
    public var settings: CampaignSettings
    public var window: CallingWindow

    public init(settings: CampaignSettings, window: CallingWindow) {
        self.settings = settings
        self.window = window
    }

    /// `attempt` is the number of the attempt that just ended (1 for the first).
    public func hasAttemptsLeft(after attempt: Int) -> Bool { attempt <= settings.retryCount }

    public func nextAttempt(after attempt: Int, endedAt now: Date, zoneKey: String?, random: Double = .random(in: 0..<1)) -> Date {
        let base = Double(settings.retryDelay) / 1000 * pow(max(1, settings.retryBackoff), Double(max(0, attempt - 1)))
        let due = now.addingTimeInterval(base * (1 + settings.retryJitter * random))
        guard let zoneKey else { return due }
        return window.nextOpening(after: due, zoneKey: zoneKey) ?? due
    }
}

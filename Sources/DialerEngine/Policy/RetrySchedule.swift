import DialerCore
import Foundation

/// When the next attempt may start: `retryDelay` grown by `retryBackoff` per earlier retry,
/// plus up to `retryJitter` of it at random, never more than `CampaignSettings.longestRetryWait`,
/// then moved into the callee's next legal window.
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
        // Bounded, so a backoff grown over many retries (or settings that slipped past validation)
        // still gives a date that can be stored and waited for.
        let wait = min(base * (1 + settings.retryJitter * random), CampaignSettings.longestRetryWait)
        let due = now + (wait.isNaN ? CampaignSettings.longestRetryWait : max(0, wait))
        guard let zoneKey else { return due }
        return window.nextOpening(after: due, zoneKey: zoneKey) ?? due
    }
}

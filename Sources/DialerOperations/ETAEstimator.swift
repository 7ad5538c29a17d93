import DialerCore
import DialerOperator
import Foundation

/// A rough finish time: one attempt per remaining contact, spaced by whichever limit binds
/// hardest: `callDelay` between starts, the lines (`maxConcurrentCalls`) kept busy by calls of
/// average length, or the account's calls per second.
public enum ETAEstimator {
    /// Used until the campaign has measured durations of its own.
    public static let assumedCallSeconds = 60.0

    public static func estimate(
        status: CampaignStatus, dialStates: [DialState: Int], settings: CampaignSettings,
        stats: CampaignStats, cpsCap: Double?, window: WindowState, now: Date
    ) -> ETAEstimate {
        let enrolled = !dialStates.isEmpty
        let remaining =
            enrolled
            ? (DialState.claimable + [.calling]).reduce(0) { $0 + dialStates[$1, default: 0] }
            : stats.totalContacts
        if enrolled && remaining == 0 {
            return ETAEstimate(remainingContacts: 0, seconds: 0, finishAt: now, basis: "nothing left to call")
        }
        guard status == .active else {
            return ETAEstimate(
                remainingContacts: remaining, seconds: nil, finishAt: nil,
                basis: "the campaign is \(status.rawValue); no calls are being placed")
        }
        var wait = 0.0
        if !window.open {
            guard let next = window.nextOpening else {
                return ETAEstimate(
                    remainingContacts: remaining, seconds: nil, finishAt: nil,
                    basis: "the calling window does not open within three weeks for any remaining contact")
            }
            wait = max(0, next.timeIntervalSince(now))
        }
        let measured = stats.durationCount > 0
        let callSeconds = measured ? stats.averageDuration : assumedCallSeconds
        let delay = Double(settings.callDelay) / 1000
        let lines = callSeconds / Double(max(1, settings.maxConcurrentCalls))
        let cps = cpsCap.map { 1 / $0 } ?? 0
        let spacing = max(delay, lines, cps)
        let seconds = wait + Double(remaining) * spacing
        let binding =
            spacing == delay
            ? "callDelay \(settings.callDelay) ms"
            : spacing == lines
                ? "\(settings.maxConcurrentCalls) lines busy for \(format(callSeconds)) s per call (\(measured ? "measured" : "assumed"))"
                : "the account limit of \(format(cpsCap ?? 0)) calls/s"
        var basis = "\(remaining) contacts × \(format(spacing)) s apart (\(binding)); first attempts only"
        if wait > 0 { basis += "; window opens in \(format(wait)) s" }
        return ETAEstimate(remainingContacts: remaining, seconds: seconds, finishAt: now.addingTimeInterval(seconds), basis: basis)
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

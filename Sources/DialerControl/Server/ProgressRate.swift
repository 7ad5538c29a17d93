import DialerOperator
import Foundation

/// Calls per second per campaign, from the placed counts of successive snapshots.
struct ProgressRate {
    private var previous: [String: CampaignProgress] = [:]

    mutating func apply(_ snapshot: CampaignProgress) -> CampaignProgress {
        var rated = snapshot
        if let before = previous[snapshot.id] {
            let seconds = snapshot.at.timeIntervalSince(before.at)
            rated.cps = seconds > 0 ? max(0, Double(snapshot.placed - before.placed)) / seconds : before.cps
        }
        previous[snapshot.id] = rated
        return rated
    }
}

import DialerCore
import Foundation

/// One operator action on a campaign, as `CampaignDetail.recentActions` lists it: who took it,
/// and the status it moved the campaign between.
public struct CampaignActionEntry: Codable, Sendable, Equatable {
    /// start, pause, resume or stop.
    public var action: String
    /// The actor, as its transport named it: "control uid 1000", "api-key:deploy-bot".
    public var by: String
    public var fromStatus: String
    public var toStatus: String
    public var at: Date

    public init(_ action: CampaignAction) {
        self.action = action.action.rawValue
        by = action.by
        fromStatus = action.fromStatus.rawValue
        toStatus = action.toStatus.rawValue
        at = action.at
    }
}

import Foundation

/// What an operator did to a campaign.
public enum CampaignActionKind: String, Codable, Sendable, CaseIterable {
    case start, pause, resume, stop
}

/// One operator action on a campaign, as recorded in the collection `campaignEvents`: who did
/// it (a socket peer's uid, an API key's name) and the status it moved the campaign between,
/// so an operator can see who paused a campaign. Only actions that took effect are recorded.
public struct CampaignAction: Codable, Sendable, Equatable {
    public var id: ObjectId?
    public var campaignId: ObjectId
    public var action: CampaignActionKind
    /// The actor, as the transport names it: "control uid 1000", "api-key:deploy-bot".
    public var by: String
    public var fromStatus: CampaignStatus
    public var toStatus: CampaignStatus
    public var at: Date

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case campaignId, action, by, fromStatus, toStatus, at
    }

    public init(
        id: ObjectId? = nil, campaignId: ObjectId, action: CampaignActionKind, by: String, fromStatus: CampaignStatus,
        toStatus: CampaignStatus, at: Date
    ) {
        self.id = id
        self.campaignId = campaignId
        self.action = action
        self.by = by
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.at = at
    }
}

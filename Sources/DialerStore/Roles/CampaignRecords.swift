import DialerCore
import Foundation

/// Campaign documents: create, read, list, and the operator's and scheduler's plain updates.
public protocol CampaignRecords: Sendable {
    nonisolated(nonsending) func insertCampaign(_ campaign: Campaign) async throws -> ObjectId
    nonisolated(nonsending) func campaign(id: ObjectId) async throws -> Campaign?
    /// The campaign without `callIds` and `contactIds` (left empty), for readers of its settings
    /// on every call end: those lists grow with the campaign, and so would each such read.
    nonisolated(nonsending) func campaignWithoutIdLists(id: ObjectId) async throws -> Campaign?
    nonisolated(nonsending) func listCampaigns(statuses: [CampaignStatus]?, page: PageRequest) async throws -> Page<Campaign>
    /// Compare-and-set on status; nil when the campaign is missing or not in one of `from`.
    /// Clears `lastError`, `lastErrorAt` and `pauseReason`: an operator's action supersedes a set-aside or an engine pause.
    nonisolated(nonsending) func transitionCampaign(id: ObjectId, from: [CampaignStatus], to: CampaignStatus, now: Date) async throws -> Campaign?
    nonisolated(nonsending) func setCampaignSchedule(id: ObjectId, nextExecution: Date?, lastExecuted: Date?, now: Date) async throws
    nonisolated(nonsending) func setTotalContacts(id: ObjectId, _ total: Int, now: Date) async throws
    /// Pauses the `active` campaigns `target` selects, each in one update that sets `status: paused` and
    /// `pauseReason`; returns how many it paused. A campaign already paused, stopped or completed keeps its
    /// status and reason. Every instance sees it at its next admission, which requires `active`.
    nonisolated(nonsending) func pauseCampaigns(_ target: PauseTarget, reason: String, now: Date) async throws -> Int
}

/// Which campaigns an engine pause covers.
public enum PauseTarget: Sendable, Equatable {
    case campaign(ObjectId)
    /// Every campaign placed through this provider account (a campaign without `provider` is Twilio's).
    case provider(ProviderKind)

    /// Whether `campaign` is one of them (its status aside).
    public func covers(_ campaign: Campaign) -> Bool {
        switch self {
        case .campaign(let id): campaign.id == id
        case .provider(let kind): (campaign.provider ?? .twilio) == kind
        }
    }
}

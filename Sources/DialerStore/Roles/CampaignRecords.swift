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
    /// Clears `lastError` and `lastErrorAt`: an operator's action supersedes a set-aside.
    nonisolated(nonsending) func transitionCampaign(id: ObjectId, from: [CampaignStatus], to: CampaignStatus, now: Date) async throws -> Campaign?
    nonisolated(nonsending) func setCampaignSchedule(id: ObjectId, nextExecution: Date?, lastExecuted: Date?, now: Date) async throws
    nonisolated(nonsending) func setTotalContacts(id: ObjectId, _ total: Int, now: Date) async throws
}

import DialerCore
import Foundation

/// Who did what to a campaign (collection `campaignEvents`): operators' start, pause, resume and
/// stop, newest first. Append-only; one document per action, so the campaign stays bounded.
public protocol CampaignAuditLog: Sendable {
    /// Appends the action (its `id` is assigned if nil).
    nonisolated(nonsending) func recordCampaignAction(_ action: CampaignAction) async throws
    /// The campaign's latest actions, newest first, at most `limit`.
    nonisolated(nonsending) func campaignActions(campaignId: ObjectId, limit: Int) async throws -> [CampaignAction]
}

import DialerCore
import Foundation

// Operators' campaign actions (see `CampaignAuditLog`), kept per campaign in recording order.
extension InMemoryStore {
    public nonisolated(nonsending) func recordCampaignAction(_ action: CampaignAction) async throws {
        var stored = action
        stored.id = action.id ?? ObjectId()
        try locked { campaignEvents[action.campaignId, default: []].append(stored) }
    }

    /// Newest first; among equal times, the later recorded first (Mongo's `_id: -1`).
    public nonisolated(nonsending) func campaignActions(campaignId: ObjectId, limit: Int) async throws -> [CampaignAction] {
        try locked {
            let recorded = campaignEvents[campaignId, default: []].enumerated()
                .sorted { ($0.element.at, $0.offset) > ($1.element.at, $1.offset) }
            return Array(recorded.prefix(max(0, limit)).map(\.element))
        }
    }
}

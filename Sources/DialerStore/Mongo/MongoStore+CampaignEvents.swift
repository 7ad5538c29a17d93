import DialerCore
import Foundation

/// Operators' campaign actions on MongoDB, served newest first by the index on
/// `{campaignId: 1, at: -1}`.
extension MongoStore {
    public func recordCampaignAction(_ action: CampaignAction) async throws {
        var stored = action
        stored.id = action.id ?? ObjectId()
        let document = try encode(stored)
        try await on(Collections.campaignEvents) { try MongoOperations.insertOne($0, document) }
    }

    public func campaignActions(campaignId: ObjectId, limit: Int) async throws -> [CampaignAction] {
        guard limit > 0 else { return [] }
        let filter: BSONDocument = ["campaignId": .objectId(campaignId)]
        let documents = try await on(Collections.campaignEvents) {
            try MongoOperations.find($0, filter: filter, sort: ["at": -1, "_id": -1], limit: limit)
        }
        return try documents.map { try decode(CampaignAction.self, $0, from: Collections.campaignEvents) }
    }
}

import DialerCore
import Foundation

extension MongoStore {
    public func enqueueDelivery(_ delivery: WebhookDelivery) async throws -> Bool {
        let document = try encode(delivery)
        do {
            try await on(Collections.webhookDeliveries) { try MongoOperations.insertOne($0, document) }
            return true
        } catch StoreError.duplicateKey {
            return false
        }
    }

    public func claimDelivery(now: Date, owner: String, leaseUntil: Date) async throws -> WebhookDelivery? {
        let filter: BSONDocument = ["state": "pending", "nextAttemptAt": ["$lte": .date(now)]]
        let update: BSONDocument = [
            "$set": [
                "claim": .string(UUID().uuidString), "claimedBy": .string(owner), "nextAttemptAt": .date(leaseUntil),
                "updatedAt": .date(now)
            ],
            "$inc": ["attempts": 1]
        ]
        let document = try await on(Collections.webhookDeliveries) {
            try MongoOperations.findOneAndUpdate($0, filter: filter, sort: ["nextAttemptAt": 1, "createdAt": 1], update: update)
        }
        return try document.map { try decode(WebhookDelivery.self, $0, from: Collections.webhookDeliveries) }
    }

    public func settleDelivery(key: String, claim: String, _ settlement: DeliverySettlement, now: Date) async throws -> Bool {
        let filter: BSONDocument = ["_id": .string(key), "claim": .string(claim), "state": "pending"]
        var set: BSONDocument = ["updatedAt": .date(now)]
        switch settlement {
        case .delivered(let status):
            set["state"] = .string(WebhookDeliveryState.delivered.rawValue)
            set["lastStatus"] = .int(status)
            set["deliveredAt"] = .date(now)
        case .retry(let at, let status, let error):
            set["nextAttemptAt"] = .date(at)
            set["lastStatus"] = status.map { .int($0) } ?? .null
            set["lastError"] = .string(error)
        case .gaveUp(let status, let error):
            set["state"] = .string(WebhookDeliveryState.failed.rawValue)
            set["lastStatus"] = status.map { .int($0) } ?? .null
            set["lastError"] = .string(error)
        }
        let update: BSONDocument = ["$set": .document(set), "$unset": ["claim": ""]]
        let reply = try await on(Collections.webhookDeliveries) {
            try MongoOperations.updateOne($0, filter: filter, update: .document(update))
        }
        return (reply["matchedCount"]?.intValue ?? 0) > 0
    }

    public func withdrawDelivery(key: String) async throws {
        let filter: BSONDocument = ["_id": .string(key), "state": "pending", "attempts": 0]
        try await on(Collections.webhookDeliveries) { try MongoOperations.deleteOne($0, filter: filter) }
    }

    public func delivery(key: String) async throws -> WebhookDelivery? {
        let document = try await on(Collections.webhookDeliveries) { try MongoOperations.findOne($0, filter: ["_id": .string(key)]) }
        return try document.map { try decode(WebhookDelivery.self, $0, from: Collections.webhookDeliveries) }
    }

    public func nextDeliveryDue() async throws -> Date? {
        let documents = try await on(Collections.webhookDeliveries) {
            try MongoOperations.find(
                $0, filter: ["state": "pending"], sort: ["nextAttemptAt": 1, "createdAt": 1], limit: 1, projection: ["nextAttemptAt": 1])
        }
        guard case .date(let due)? = documents.first?["nextAttemptAt"] else { return nil }
        return due
    }
}

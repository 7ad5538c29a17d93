import DialerCore
import Foundation

/// The suppression list on MongoDB. The unique index on `phoneNumber` over `status: active`
/// entries is what keeps one active entry per number, across every instance.
extension MongoStore {
    static let activeStatus: BSONValue = "active"

    public func suppress(_ entries: [Suppression]) async throws -> [String] {
        let upserts = try entries.map { entry -> (String, BSONDocument) in
            var stored = entry
            stored.id = entry.id ?? ObjectId()
            var document = try encode(stored)
            // Set by the filter's equality on insert.
            document["phoneNumber"] = nil
            document["status"] = nil
            return (entry.phoneNumber, ["$setOnInsert": .document(document)])
        }
        return try await on(Collections.suppressions) { c in
            var added: [String] = []
            for (number, update) in upserts {
                let filter: BSONDocument = ["phoneNumber": .string(number), "status": Self.activeStatus]
                do {
                    let reply = try MongoOperations.updateOne(c, filter: filter, update: .document(update), upsert: true)
                    if (reply["upsertedCount"]?.intValue ?? 0) > 0 { added.append(number) }
                } catch StoreError.duplicateKey {
                    // Another writer inserted the number's active entry between our match and our insert.
                    continue
                }
            }
            return added
        }
    }

    public func activeSuppression(phoneNumber: String) async throws -> Suppression? {
        let filter: BSONDocument = ["phoneNumber": .string(phoneNumber), "status": Self.activeStatus]
        let document = try await on(Collections.suppressions) { try MongoOperations.findOne($0, filter: filter) }
        return try document.map { try decode(Suppression.self, $0, from: Collections.suppressions) }
    }

    public func suppressedNumbers(among phoneNumbers: [String]) async throws -> Set<String> {
        guard !phoneNumbers.isEmpty else { return [] }
        let filter: BSONDocument = ["phoneNumber": ["$in": .array(phoneNumbers.map { .string($0) })], "status": Self.activeStatus]
        let documents = try await on(Collections.suppressions) {
            try MongoOperations.find($0, filter: filter, projection: ["phoneNumber": 1, "_id": 0])
        }
        return Set(documents.compactMap { $0["phoneNumber"]?.stringValue })
    }

    public func liftSuppression(phoneNumber: String, by: String, reason: String, now: Date) async throws -> Suppression? {
        let filter: BSONDocument = ["phoneNumber": .string(phoneNumber), "status": Self.activeStatus]
        let update: BSONDocument = [
            "$set": [
                "status": "removed", "removedAt": .date(now), "removedBy": .string(by), "removalReason": .string(reason), "updatedAt": .date(now)
            ]
        ]
        let document = try await on(Collections.suppressions) {
            try MongoOperations.findOneAndUpdate($0, filter: filter, sort: nil, update: update)
        }
        return try document.map { try decode(Suppression.self, $0, from: Collections.suppressions) }
    }

    public func listSuppressions(_ filter: SuppressionFilter, page request: PageRequest) async throws -> Page<Suppression> {
        var query = BSONDocument()
        if let statuses = filter.statuses { query["status"] = ["$in": .array(statuses.map { .string($0.rawValue) })] }
        if let number = filter.phoneNumber { query["phoneNumber"] = .string(number) }
        return try await page(Suppression.self, Collections.suppressions, filter: query, sort: ["createdAt": -1, "_id": -1], request)
    }
}

import DialerCore
import Foundation
import Logging

private let logger = Logger(label: "dialer.store")

/// The scans the scheduler and the reconciler run over every campaign, call and claim. Each reads
/// its documents one by one: a single document edited by hand must not stop the scan for all.
extension MongoStore {
    public func dueCampaigns(now: Date, leasableBy owner: String, excluding: [ObjectId], limit: Int) async throws -> [Campaign] {
        var filter: BSONDocument = [
            "status": "active",
            "$and": [
                ["$or": [["nextExecution": ["$lte": .date(now)]], ["nextExecution": nil]]],
                .document(CampaignQueries.leasable(by: owner, at: now))
            ]
        ]
        if !excluding.isEmpty { filter["_id"] = ["$nin": .array(excluding.map { .objectId($0) })] }
        let query = filter
        let documents = try await on(Collections.campaigns) {
            try MongoOperations.find($0, filter: query, sort: ["nextExecution": 1, "_id": 1], limit: limit)
        }
        var runnable: [Campaign] = []
        for document in documents {
            if let campaign = try await runnableOrSetAside(document, now: now) { runnable.append(campaign) }
        }
        return runnable
    }

    /// The campaign in `document` if it reads and validates. Otherwise it is paused with the reason
    /// in `lastError`, and nil returned. The update matches only while the judged top-level fields
    /// still hold what was read, so an operator's fix made meanwhile is not paused over.
    func runnableOrSetAside(_ document: BSONDocument, now: Date) async throws -> Campaign? {
        let judged: [String]
        let reason: String
        do {
            let campaign = try decode(Campaign.self, document, from: Collections.campaigns)
            let issues = campaign.validate()
            if issues.isEmpty { return campaign }
            (judged, reason) = (issues.map(\.path), Campaign.setAsideReason(issues))
        } catch StoreError.badDocument(_, let path, let why) {
            (judged, reason) = ([path], Campaign.unreadableReason(path: path, reason: why))
        }
        guard let id = document["_id"] else { return nil }
        var filter: BSONDocument = ["_id": ["$eq": id], "status": "active"]
        for field in Set(judged.compactMap { $0.split(separator: ".").first.map(String.init) }) where field != "_id" {
            filter[field] = document[field].map { ["$eq": $0] } ?? ["$exists": false]
        }
        let update: BSONDocument = [
            "$set": [
                "status": .string(CampaignStatus.paused.rawValue), "lastError": .string(reason), "lastErrorAt": .date(now),
                "updatedAt": .date(now)
            ]
        ]
        let query = filter
        let reply = try await on(Collections.campaigns) { try MongoOperations.updateOne($0, filter: query, update: .document(update)) }
        if (reply["modifiedCount"]?.intValue ?? 0) > 0 {
            logger.warning("campaign set aside (paused); fix it, then resume it", metadata: ["campaignId": "\(id)", "reason": "\(reason)"])
        }
        return nil
    }

    public func staleClaims(olderThan: Date, after: ScanCursor?, limit: Int) async throws -> ScanPage<DialProgress> {
        let filter: BSONDocument = ["state": "calling", "claimedAt": ["$lt": .date(olderThan)]]
        return try await scan(DialProgress.self, Collections.dialStates, filter: filter, timeField: "claimedAt", after: after, limit: limit)
    }

    public func staleCalls(olderThan: Date, after: ScanCursor?, limit: Int) async throws -> ScanPage<Call> {
        let filter = CallQueries.filter(CallFilter(statuses: CallStatus.nonTerminal, createdBefore: olderThan))
        return try await scan(Call.self, Collections.calls, filter: filter, timeField: "createdAt", after: after, limit: limit)
    }

    /// One page in (`timeField`, `_id`) order after `after`. The next page starts after the last
    /// document read, readable or not, so an unreadable one is passed, not met again and again.
    func scan<T: Decodable & Sendable>(
        _ type: T.Type, _ collection: String, filter: BSONDocument, timeField: String,
        after: ScanCursor?, limit: Int
    ) async throws -> ScanPage<T> {
        var query = filter
        if let after {
            let cursor: BSONDocument = [
                "$or": [[timeField: ["$gt": .date(after.time)]], [timeField: .date(after.time), "_id": ["$gt": .objectId(after.id)]]]
            ]
            query = Queries.and(filter, cursor)
        }
        let size = max(1, limit)
        let documents = try await on(collection) { [query] in
            try MongoOperations.find($0, filter: query, sort: [timeField: 1, "_id": 1], limit: size)
        }
        var page = ScanPage<T>(items: [], next: nil)
        for document in documents {
            do {
                page.items.append(try decode(type, document, from: collection))
            } catch StoreError.badDocument(_, let path, let reason) {
                page.unreadable.append(
                    UnreadableDocument(
                        collection: collection, id: document["_id"]?.objectIdValue,
                        reason: "\(path.isEmpty ? "(document)" : path): \(reason)"))
            }
        }
        if documents.count == size, let last = documents.last(where: { $0[timeField]?.dateValue != nil && $0["_id"]?.objectIdValue != nil }) {
            page.next = ScanCursor(time: last[timeField]!.dateValue!, id: last["_id"]!.objectIdValue!)
        }
        return page
    }
}

import DialerCore
import Foundation

enum CallQueries {
    static func filter(_ key: CallKey) -> BSONDocument {
        switch key {
        case .attemptId(let v): ["attemptId": .string(v)]
        case .callSid(let v): ["callSid": .string(v)]
        case .conversationId(let v): ["conversationId": .string(v)]
        case .providerCallId(let v): ["providerCallId": .string(v)]
        // `null` matches a field that is absent as well as one stored as null.
        case .unboundAttempt(let v, let kind): ["attemptId": .string(v), kind.rawValue: .null]
        }
    }

    static func filter(_ filter: CallFilter) -> BSONDocument {
        var query = BSONDocument()
        if let v = filter.campaignId { query["campaignId"] = .objectId(v) }
        if let v = filter.contactId { query["contactId"] = .objectId(v) }
        if let v = filter.statuses { query["status"] = ["$in": .array(v.map { .string($0.rawValue) })] }
        if let v = filter.outcome { query["outcome"] = .string(v) }
        if let v = filter.minDuration { query["duration"] = ["$gte": .int(v)] }
        if let v = filter.to { query["to"] = .string(v) }
        var created = BSONDocument()
        if let v = filter.createdAfter { created["$gt"] = .date(v) }
        if let v = filter.createdBefore { created["$lt"] = .date(v) }
        if !created.isEmpty { query["createdAt"] = .document(created) }
        if let after = filter.after {
            query["$or"] = [["createdAt": ["$gt": .date(after.time)]], ["createdAt": .date(after.time), "_id": ["$gt": .objectId(after.id)]]]
        }
        return query
    }

    /// The non-nil fields under their `Call` names, encoded as the Call model encodes them: the
    /// struct's own encoding, which leaves nil out.
    static func set(_ fields: CallFields) throws -> BSONDocument { try BSONEncoder().encode(fields) }
}

enum StatsUpdate {
    /// One atomic pipeline update: counters add, and `averageDuration` is recomputed from the
    /// new sum and count in the same write, so it is exact without a read-modify-write.
    static func pipeline(_ delta: StatsDelta, appendCallId: ObjectId?, now: Date) -> BSONValue {
        func add(_ field: String, _ amount: Int) -> (String, BSONValue)? {
            guard amount != 0 else { return nil }
            return ("stats.\(field)", ["$add": [["$ifNull": [.string("$stats.\(field)"), 0]], .int(amount)]])
        }
        var sets: [(String, BSONValue)] = [
            add("callsPlaced", delta.callsPlaced), add("callsCompleted", delta.callsCompleted),
            add("callsAnswered", delta.callsAnswered), add("callsFailed", delta.callsFailed),
            delta.duration.flatMap { add("totalDuration", $0) ?? ("stats.totalDuration", ["$ifNull": ["$stats.totalDuration", 0]]) },
            delta.duration.flatMap { _ in add("durationCount", 1) },
        ].compactMap { $0 }
        sets.append(("updatedAt", .date(now)))
        if let appendCallId {
            sets.append(("callIds", ["$concatArrays": [["$ifNull": ["$callIds", []]], [.objectId(appendCallId)]]]))
        }
        var stages: [BSONValue] = [["$set": .document(BSONDocument(sets))]]
        if delta.duration != nil {
            stages.append(["$set": ["stats.averageDuration": ["$divide": ["$stats.totalDuration", "$stats.durationCount"]]]])
        }
        return .array(stages)
    }
}

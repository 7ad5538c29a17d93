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
        if let range = Queries.range(after: filter.createdAfter, before: filter.createdBefore) { query["createdAt"] = range }
        if let after = filter.after {
            query["$or"] = [["createdAt": ["$gt": .date(after.time)]], ["createdAt": .date(after.time), "_id": ["$gt": .objectId(after.id)]]]
        }
        return query
    }

    /// The non-nil fields under their `Call` names, encoded as the Call model encodes them: the
    /// struct's own encoding, which leaves nil out.
    static func set(_ fields: CallFields) throws -> BSONDocument { try BSONEncoder().encode(fields) }
}

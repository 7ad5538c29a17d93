import DialerCore
import Foundation

/// The operator API's list filters as Mongo queries: the one translation the stores' lists and
/// scans send and the index test explains.
enum ContactQueries {
    /// Membership is `$or` of two indexed clauses: `campaignIds` (the `campaignIds_1_status_1`
    /// index) and `_id` in the campaign's `contactIds`.
    static func filter(_ filter: ContactFilter, campaign: Campaign?) -> BSONDocument {
        var query = BSONDocument()
        if let campaignId = filter.campaignId {
            let listed = (campaign?.contactIds ?? []).map(BSONValue.objectId)
            query["$or"] = [["campaignIds": .objectId(campaignId)], ["_id": ["$in": .array(listed)]]]
        }
        if let statuses = filter.statuses { query["status"] = ["$in": .array(statuses.map { .string($0.rawValue) })] }
        if let phone = filter.phoneNumber { query["phoneNumber"] = .string(phone) }
        if let tag = filter.tag { query["tags"] = .string(tag) }
        if let range = Queries.range(after: filter.createdAfter, before: filter.createdBefore) { query["createdAt"] = range }
        return query
    }
}

enum RecordingQueries {
    static func filter(_ filter: RecordingFilter) -> BSONDocument {
        var query = BSONDocument()
        if let callSid = filter.callSid { query["callSid"] = .string(callSid) }
        if let statuses = filter.statuses { query["status"] = ["$in": .array(statuses.map { .string($0.rawValue) })] }
        if let range = Queries.range(after: filter.createdAfter, before: filter.createdBefore) { query["createdAt"] = range }
        return query
    }
}

enum CallEventQueries {
    static func filter(_ filter: CallEventFilter) -> BSONDocument {
        var query = BSONDocument()
        if let callSid = filter.callSid { query["callSid"] = .string(callSid) }
        if let eventType = filter.eventType { query["eventType"] = .string(eventType) }
        if let range = Queries.range(after: filter.after, before: filter.before) { query["timestamp"] = range }
        return query
    }
}

enum Queries {
    /// Exclusive bounds on a date field; nil when there are none.
    static func range(after: Date?, before: Date?) -> BSONValue? {
        var range = BSONDocument()
        if let after { range["$gt"] = .date(after) }
        if let before { range["$lt"] = .date(before) }
        return range.isEmpty ? nil : .document(range)
    }

    /// `filter` and `clause` both: merged, or under `$and` when they share a key (both use `$or`).
    static func and(_ filter: BSONDocument, _ clause: BSONDocument) -> BSONDocument {
        guard !Set(filter.keys).isDisjoint(with: clause.keys) else { return filter.merging(clause) }
        return ["$and": [.document(filter), .document(clause)]]
    }
}

import DialerCore
import Foundation

/// Campaign rules defined in DialerCore, as Mongo filters and updates.
enum CampaignQueries {
    /// `Campaign.isLeasable(by:at:)`: free (`leaseOwner` absent or null), already `owner`'s, or expired.
    /// Both the poll (`dueCampaigns`) and `acquireCampaignLease` match with it. (An owner without
    /// `leaseUntil`, which only a hand edit leaves since the lease writes and clears both, reads as
    /// held here but as expired in memory.)
    static func leasable(by owner: String, at now: Date) -> BSONDocument {
        ["$or": [["leaseOwner": nil], ["leaseOwner": .string(owner)], ["leaseUntil": ["$lte": .date(now)]]]]
    }

    /// `CampaignStats.apply(_:)` as one atomic pipeline update: each of `StatsDelta.increments` adds,
    /// and `averageDuration` is recomputed from the new sum and count in the same write, so it is
    /// exact without a read-modify-write.
    static func statsIncrement(_ delta: StatsDelta, appendCallId: ObjectId?, now: Date) -> BSONValue {
        var sets: [(String, BSONValue)] = StatsDelta.increments.compactMap { increment in
            guard let amount = increment.amount(delta), amount != 0 || increment.averaged else { return nil }
            let field = "stats.\(increment.name)"
            let current: BSONValue = ["$ifNull": [.string("$\(field)"), 0]]
            return (field, amount == 0 ? current : ["$add": [current, .int(amount)]])
        }
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

    /// `CampaignStats.replacingCounters(with:)` as `$set` fields: `recount` as the model encodes it,
    /// but for `CampaignStats.notRecounted`.
    static func recountedStats(_ recount: CampaignStats) throws -> [(String, BSONValue)] {
        try BSONEncoder().encode(recount).filter { !CampaignStats.notRecounted.contains($0.key) }.map { ("stats.\($0.key)", $0.value) }
    }
}

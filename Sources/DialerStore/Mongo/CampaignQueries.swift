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
}

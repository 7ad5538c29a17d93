import DialerCore
import Foundation

/// Dialing-progress rules defined in DialerCore, as Mongo filters.
enum DialQueries {
    /// `DialState.isClaimable`, on the `state` field: `$in` the `DialState.claimable` list.
    static let claimableState: BSONValue = ["$in": .array(DialState.claimable.map { .string($0.rawValue) })]

    /// `DialProgress.isClaimable(at:)`: a claimable state, and `nextAttemptAt` absent, null or come.
    static func claimable(at now: Date) -> BSONDocument {
        ["state": claimableState, "$or": [["nextAttemptAt": nil], ["nextAttemptAt": ["$lte": .date(now)]]]]
    }
}

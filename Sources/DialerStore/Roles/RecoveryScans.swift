import DialerCore
import Foundation

/// The reconciler's input: work left mid-way by a crash, a lost answer or a lost callback.
/// Both scans page in a fixed order from `after` on; a document that cannot be read is
/// reported in the page, not thrown, so one bad document cannot stop recovery of the rest.
public protocol RecoveryScans: Sendable {
    /// Claims still `calling` that were made before `olderThan`, in (`claimedAt`, `_id`) order.
    nonisolated(nonsending) func staleClaims(olderThan: Date, after: ScanCursor?, limit: Int) async throws -> ScanPage<DialProgress>
    /// Non-terminal calls created before `olderThan`, in (`createdAt`, `_id`) order.
    nonisolated(nonsending) func staleCalls(olderThan: Date, after: ScanCursor?, limit: Int) async throws -> ScanPage<Call>
}

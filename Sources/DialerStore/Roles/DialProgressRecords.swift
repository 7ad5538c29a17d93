import DialerCore
import Foundation

/// Where each contact of a campaign stands in dialing: enrolment and the reads that plan a step.
public protocol DialProgressRecords: Sendable {
    /// Creates missing progress documents; existing ones are left as they are. Returns how many were new.
    nonisolated(nonsending) func enroll(_ entries: [DialProgress]) async throws -> Int
    nonisolated(nonsending) func dialProgress(campaignId: ObjectId, contactId: ObjectId) async throws -> DialProgress?
    nonisolated(nonsending) func dialStateCounts(campaignId: ObjectId) async throws -> [DialState: Int]
    /// Distinct time zones among contacts still to dial, for the calling-window filter.
    nonisolated(nonsending) func pendingTimeZones(campaignId: ObjectId) async throws -> [String?]
    /// Earliest `nextAttemptAt` among retries, or nil.
    nonisolated(nonsending) func earliestRetry(campaignId: ObjectId) async throws -> Date?
}

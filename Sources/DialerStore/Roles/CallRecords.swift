import DialerCore
import Foundation

/// Call documents: the attempt-first insert, status moving forward only, and queries.
public protocol CallRecords: Sendable {
    /// The attempt-first insert: duplicate `attemptId` or `callSid` throws `.duplicateKey`.
    nonisolated(nonsending) func insertCall(_ call: Call) async throws -> ObjectId
    nonisolated(nonsending) func call(_ key: CallKey) async throws -> Call?
    /// Moves the status forward only, writing `fields` with it. Fields alone (nil status) always merge.
    nonisolated(nonsending) func advanceCall(_ key: CallKey, to status: CallStatus?, fields: CallFields, now: Date) async throws -> CallAdvance
    nonisolated(nonsending) func listCalls(_ filter: CallFilter, sort: SortOrder, page: PageRequest) async throws -> Page<Call>
    nonisolated(nonsending) func countCalls(_ filter: CallFilter) async throws -> Int
    nonisolated(nonsending) func countInFlightCalls(campaignId: ObjectId) async throws -> Int
}

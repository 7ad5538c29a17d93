import DialerCore
import Foundation

extension MongoStore {
    /// `CallStatus.terminal` as a filter on `status`.
    static let terminalStatus: BSONValue = ["$in": .array(CallStatus.terminal.map { .string($0.rawValue) })]
    static let liveStatus: BSONValue = ["$in": .array(CallStatus.nonTerminal.map { .string($0.rawValue) })]

    public func deleteCall(callSid: String) async throws -> CallDeletion {
        let filter: BSONDocument = ["callSid": .string(callSid), "status": Self.terminalStatus]
        let reply = try await on(Collections.calls) { try MongoOperations.deleteOne($0, filter: filter) }
        if (reply["deletedCount"]?.intValue ?? 0) > 0 { return .deleted }
        guard let current = try await call(.callSid(callSid)) else { return .notFound }
        return .live(current.status)
    }

    public func scanCalls(_ filter: CallFilter, after: ScanCursor?, limit: Int) async throws -> ScanPage<Call> {
        var unpaged = filter
        unpaged.after = nil
        return try await scan(Call.self, Collections.calls, filter: CallQueries.filter(unpaged), timeField: "createdAt", after: after, limit: limit)
    }
}

import DialerCore
import DialerStore
import Foundation
import Hummingbird
import Logging

/// `GET /api/db/calls/export.csv`: every call the filters match, oldest first, streamed a page at
/// a time through the keyset cursor of `CallFilter`, so memory stays constant and no row is
/// skipped or repeated while calls are written during the export. No row cap.
enum CallExportRoute {
    /// The columns, each with how a call fills it: one table for the header and the rows.
    static let columns: [(String, @Sendable (Call) -> String)] = [
        ("_id", { $0.id?.hex ?? "" }), ("callSid", { $0.callSid ?? "" }), ("status", { $0.status.rawValue }),
        ("from", { $0.from ?? "" }), ("to", { $0.to }), ("direction", { $0.direction ?? "" }),
        ("startTime", { CSVExport<Call>.date($0.startTime) }), ("endTime", { CSVExport<Call>.date($0.endTime) }),
        ("duration", { $0.duration.map(String.init) ?? "" }),
        ("answeredBy", { $0.answeredBy ?? "" }), ("campaignId", { $0.campaignId?.hex ?? "" }), ("contactId", { $0.contactId?.hex ?? "" }),
        ("contactName", { $0.contactName ?? "" }), ("provider", { $0.provider.rawValue }), ("attempt", { String($0.attempt) }),
        ("outcome", { $0.outcome ?? "" }), ("cost", { $0.cost.map { String($0) } ?? "" }), ("createdAt", { CSVExport<Call>.date($0.createdAt) }),
        ("updatedAt", { CSVExport<Call>.date($0.updatedAt) })
    ]

    static func routes(_ deps: APIDependencies) -> [APIRoute] {
        let store = deps.store
        let logger = deps.logger
        return [
            APIRoute(
                .get, "/api/db/calls/export.csv", operationId: "exportCalls",
                summary: "Every matching call as CSV, oldest first, streamed (no row cap)", tag: "calls", scope: .read,
                parameters: CallFilterParameters.parameters, success: .text("text/csv", "RFC 4180 CSV with a header row")
            ) { request in
                let filter = CallFilterParameters.filter(request)
                return try await CSVExport(columns: columns, what: "call", logger: logger).response(filename: "calls.csv") { after in
                    try await store.scanCalls(filter, after: after, limit: CSVExport<Call>.pageSize)
                }
            }
        ]
    }
}

import DialerCore
import DialerStore
import Foundation
import Hummingbird
import Logging

/// `GET /api/db/calls/export.csv`: every call the filters match, oldest first, streamed a page at
/// a time through the keyset cursor of `CallFilter`, so memory stays constant and no row is
/// skipped or repeated while calls are written during the export. No row cap.
enum CallExportRoute {
    static let pageSize = 500

    /// The columns, each with how a call fills it: one table for the header and the rows.
    static let columns: [(String, @Sendable (Call) -> String)] = [
        ("_id", { $0.id?.hex ?? "" }), ("callSid", { $0.callSid ?? "" }), ("status", { $0.status.rawValue }),
        ("from", { $0.from ?? "" }), ("to", { $0.to }), ("direction", { $0.direction ?? "" }),
        ("startTime", { date($0.startTime) }), ("endTime", { date($0.endTime) }), ("duration", { $0.duration.map(String.init) ?? "" }),
        ("answeredBy", { $0.answeredBy ?? "" }), ("campaignId", { $0.campaignId?.hex ?? "" }), ("contactId", { $0.contactId?.hex ?? "" }),
        ("contactName", { $0.contactName ?? "" }), ("provider", { $0.provider.rawValue }), ("attempt", { String($0.attempt) }),
        ("outcome", { $0.outcome ?? "" }), ("cost", { $0.cost.map { String($0) } ?? "" }), ("createdAt", { date($0.createdAt) }),
        ("updatedAt", { date($0.updatedAt) })
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
                // The first page is read before answering, so a database outage is a 503, not a cut-off 200.
                let first = try await store.listCalls(filter, sort: .oldestFirst, page: PageRequest(offset: 0, limit: pageSize))
                var headers = HTTPFields()
                headers[.contentType] = "text/csv; charset=utf-8"
                headers[.contentDisposition] = "attachment; filename=\"calls.csv\""
                return Response(
                    status: .ok, headers: headers,
                    body: ResponseBody { writer in
                        try await writer.write(ByteBuffer(string: CSVTable.format([columns.map(\.0)])))
                        var page = first
                        while true {
                            if !page.items.isEmpty {
                                try await writer.write(ByteBuffer(string: CSVTable.format(page.items.map { call in columns.map { $0.1(call) } })))
                            }
                            guard page.hasMore, let last = page.items.last, let id = last.id else { break }
                            var next = filter
                            next.after = ScanCursor(time: last.createdAt, id: id)
                            do {
                                page = try await store.listCalls(next, sort: .oldestFirst, page: PageRequest(offset: 0, limit: pageSize))
                            } catch {
                                logger.error("CSV export stopped part-way", metadata: ["error": "\(error)"])
                                throw error
                            }
                        }
                        try await writer.finish(nil)
                    })
            }
        ]
    }

    private static func date(_ date: Date?) -> String {
        date.map { $0.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) } ?? ""
    }
}

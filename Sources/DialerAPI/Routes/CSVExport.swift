import DialerCore
import DialerStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// A CSV answer streamed a keyset page at a time, so memory stays constant however many rows
/// match and no row is skipped or repeated while documents are written meanwhile. No row cap. A
/// document that does not read as its model is logged and skipped.
struct CSVExport<Row: Sendable>: Sendable {
    static var pageSize: Int { 500 }

    /// Each column's header and how a row fills it: one table for the header and the rows.
    var columns: [(String, @Sendable (Row) -> String)]
    var what: String
    var logger: Logger

    /// `scan` reads the page after a cursor (nil: the first). The first page is read before
    /// answering, so a database outage is a 503, not a cut-off 200.
    func response(filename: String, scan: @escaping @Sendable (ScanCursor?) async throws -> ScanPage<Row>) async throws -> Response {
        let first = try await scan(nil)
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        let export = self
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: CSVTable.format([export.columns.map(\.0)])))
                var page = first
                while true {
                    for unreadable in page.unreadable {
                        export.logger.warning("CSV export skipped a \(export.what) it cannot read", metadata: ["document": "\(unreadable)"])
                    }
                    if !page.items.isEmpty {
                        try await writer.write(ByteBuffer(string: CSVTable.format(page.items.map { row in export.columns.map { $0.1(row) } })))
                    }
                    guard let next = page.next else { break }
                    do {
                        page = try await scan(next)
                    } catch {
                        export.logger.error("CSV export stopped part-way", metadata: ["error": "\(error)"])
                        throw error
                    }
                }
                try await writer.finish(nil)
            })
    }

    static func date(_ date: Date?) -> String {
        date.map { $0.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) } ?? ""
    }
}

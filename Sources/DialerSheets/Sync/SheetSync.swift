import DialerCore
import DialerStore
import Foundation
import Logging

/// Rebuilds a campaign's result columns from the database: each contact's dialing state,
/// its latest call and that call's transcript summary. The database is the record; the sheet
/// is a view of it, so this restores whatever a crash kept the write-back from writing.
public struct SheetSync: Sendable {
    private let source: any ContactSource
    private let sink: any ResultSink
    private let store: any DialProgressRecords & ContactRecords & CallRecords & CallArtifacts
    private let clock: any WallClock
    private let rowsPerRequest: Int
    private let maxAttempts: Int
    private let logger: Logger

    public init(
        source: any ContactSource, sink: any ResultSink, store: any DialProgressRecords & ContactRecords & CallRecords & CallArtifacts,
        clock: any WallClock,
        rowsPerRequest: Int = 2000, maxAttempts: Int = 8, logger: Logger = Logger(label: "dialer.sheets.sync")
    ) {
        self.source = source
        self.sink = sink
        self.store = store
        self.clock = clock
        self.rowsPerRequest = rowsPerRequest
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    public func sync(_ campaign: Campaign) async throws -> SheetSyncReport {
        guard let campaignId = campaign.id else { throw SheetsError.badSheet("the campaign has no id") }
        let sheet = try SheetRef(campaign: campaign)
        let columns = try SheetColumns(header: try await source.headerRow(of: sheet), info: campaign.sheetInfo)

        var latest: [ObjectId: Call] = [:]
        var offset = 0
        while true {
            let page = try await store.listCalls(
                CallFilter(campaignId: campaignId), sort: .oldestFirst, page: PageRequest(offset: offset, limit: 500))
            for call in page.items { if let contactId = call.contactId, call.outcome != "not-placed" { latest[contactId] = call } }
            offset += page.items.count
            if !page.hasMore || page.items.isEmpty { break }
        }

        var rows: [(row: Int, cells: RowCells)] = []
        offset = 0
        while true {
            let page = try await store.listContacts(
                ContactFilter(campaignId: campaignId), campaign: campaign, page: PageRequest(offset: offset, limit: 500))
            for contact in page.items {
                guard let info = contact.sheetInfo, info.spreadsheetId == sheet.spreadsheetId,
                    (info.sheetName ?? sheet.sheetName) == sheet.sheetName, let row = info.rowIndex, row >= 2, let contactId = contact.id
                else { continue }
                let progress = try await store.dialProgress(campaignId: campaignId, contactId: contactId)
                let call = latest[contactId]
                var summary: String?
                if let sid = call?.callSid { summary = try await store.transcript(callSid: sid)?.summary }
                let result = RowResult(
                    status: progress.map { RowResult.statusText($0.state) } ?? "pending",
                    lastResult: progress?.lastCallResult ?? call.map(\.status.rawValue),
                    attempts: progress?.attempts ?? 0, durationSeconds: call?.duration, summary: summary)
                rows.append((row, columns.cells(for: result)))
            }
            offset += page.items.count
            if !page.hasMore || page.items.isEmpty { break }
        }

        var data: [ValueRange] = []
        if !columns.appendedHeaders.isEmpty {
            data += RangeBuilder.ranges(
                sheet: sheet.sheetName, row: 1,
                cells: Dictionary(columns.appendedHeaders.map { ($0.column, $0.title) }, uniquingKeysWith: { $1 }))
        }
        var requests = 0
        for (index, entry) in rows.sorted(by: { $0.row < $1.row }).enumerated() {
            data += RangeBuilder.ranges(sheet: sheet.sheetName, row: entry.row, cells: entry.cells)
            if (index + 1) % rowsPerRequest == 0 {
                requests += try await write(sheet.spreadsheetId, data)
                data = []
            }
        }
        if !data.isEmpty { requests += try await write(sheet.spreadsheetId, data) }
        logger.notice("sheet synced from the database", metadata: ["campaignId": "\(campaignId)", "rows": "\(rows.count)"])
        return SheetSyncReport(
            campaignId: campaignId.hex, spreadsheetId: sheet.spreadsheetId, sheetName: sheet.sheetName,
            rowsWritten: rows.count, requests: requests)
    }

    /// Retries a 429 or a transient failure with backoff; returns the requests it took.
    private func write(_ spreadsheetId: String, _ data: [ValueRange]) async throws -> Int {
        var backoff = Backoff()
        var requests = 0
        while true {
            requests += 1
            let failure: SheetsError
            do {
                try await sink.write(spreadsheetId: spreadsheetId, data)
                return requests
            } catch {
                failure = error
            }
            guard failure.isTransient, requests < maxAttempts else { throw failure }
            try await clock.sleep(for: .seconds(backoff.next(retryAfter: failure.retryAfter)))
        }
    }
}

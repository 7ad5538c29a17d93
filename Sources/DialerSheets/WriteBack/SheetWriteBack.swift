import DialerCore
import DialerStore
import Foundation
import Logging
import ServiceLifecycle

public struct WriteBackSettings: Sendable {
    /// Updates are gathered this long after the first one, then written in one request.
    public var debounce: Duration
    /// Google's default quota is 60 write requests a minute per user.
    public var writesPerMinute: Double
    public var burst: Double
    public var backoffInitial: TimeInterval
    public var backoffMaximum: TimeInterval
    /// On graceful shutdown, how long the last flush may keep retrying.
    public var shutdownDeadline: Duration

    public init(
        debounce: Duration = .seconds(2), writesPerMinute: Double = 60, burst: Double = 5, backoffInitial: TimeInterval = 1,
        backoffMaximum: TimeInterval = 64, shutdownDeadline: Duration = .seconds(10)
    ) {
        self.debounce = debounce
        self.writesPerMinute = writesPerMinute
        self.burst = burst
        self.backoffInitial = backoffInitial
        self.backoffMaximum = backoffMaximum
        self.shutdownDeadline = shutdownDeadline
    }
}

public struct WriteBackCounters: Sendable, Equatable {
    public var requests = 0
    public var rateLimited = 0
    public var failures = 0
    public var rowsWritten = 0
    /// Cells given up after a permanent error; `sheets.sync` restores them from the database.
    public var cellsDropped = 0
}

/// Mirrors call results into each contact's sheet row.
///
/// The engine hands over results through `callResulted`, which only enqueues. This actor looks
/// up the contact's row, merges the new cells into what is pending (several results for one row
/// become one write), and after `debounce` writes everything pending for a spreadsheet in one
/// `values:batchUpdate`. A token bucket keeps requests under the quota; a 429 or a transient
/// failure puts the cells back (newer values win) and backs off, honouring Retry-After.
/// Graceful shutdown flushes what is pending. Anything still unwritten after a crash is in the
/// database, and `dialerctl sheet sync` rebuilds the rows from there.
public actor SheetWriteBack: Service, CallResultSink, CallSummarySink {
    private let sink: any ResultSink
    private let layouts: SheetLayouts
    private let store: any CampaignRecords & ContactRecords & DialProgressRecords & CallArtifacts
    private let clock: any WallClock
    private let settings: WriteBackSettings
    private let logger: Logger
    private nonisolated let events: AsyncStream<Intake>
    private nonisolated let eventsIn: AsyncStream<Intake>.Continuation

    /// spreadsheetId → sheet → row → column → text.
    private var pending: [String: [SheetRef: [Int: RowCells]]] = [:]
    private var headersQueued: Set<SheetRef> = []
    private var campaignSheetInfo: [ObjectId: CampaignSheetInfo?] = [:]
    private var budget: WriteBudget
    private var backoff: Backoff
    private var waiter: CheckedContinuation<Void, Never>?
    /// Counted where events are handed in (not where they are read), so `isIdle` cannot be true
    /// while an event sits unread in the stream.
    private nonisolated let submitted = SubmittedCount()
    private var eventsDone = 0
    public private(set) var counters = WriteBackCounters()
    /// Write requests under way: their cells are neither pending nor written yet.
    private var inFlight = 0

    public init(
        sink: any ResultSink, source: any ContactSource, store: any CampaignRecords & ContactRecords & DialProgressRecords & CallArtifacts,
        clock: any WallClock,
        settings: WriteBackSettings = .init(), logger: Logger = Logger(label: "dialer.sheets.writeback")
    ) {
        self.sink = sink
        self.layouts = SheetLayouts(source: source)
        self.store = store
        self.clock = clock
        self.settings = settings
        self.logger = logger
        budget = WriteBudget(perMinute: settings.writesPerMinute, burst: settings.burst, now: clock.now.date)
        backoff = Backoff(initial: settings.backoffInitial, maximum: settings.backoffMaximum)
        (events, eventsIn) = AsyncStream.makeStream(of: Intake.self, bufferingPolicy: .unbounded)
    }

    // MARK: Intake

    /// What the intake carries: a verdict, or a summary that came after its call's verdict.
    enum Intake: Sendable {
        case result(CallResultEvent)
        case lateSummary(CallSummaryEvent)

        var ids: (campaignId: ObjectId, contactId: ObjectId) {
            switch self {
            case .result(let event): (event.campaignId, event.contactId)
            case .lateSummary(let event): (event.campaignId, event.contactId)
            }
        }
    }

    public nonisolated func callResulted(_ event: CallResultEvent) {
        submitted.increment()
        eventsIn.yield(.result(event))
    }

    public nonisolated func summaryArrived(_ event: CallSummaryEvent) {
        submitted.increment()
        eventsIn.yield(.lateSummary(event))
    }

    /// Rows with cells waiting to be written.
    public var pendingRows: Int { pending.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } } }
    /// Every event handed in so far has been looked up and merged (or skipped).
    public var isIdle: Bool { pending.isEmpty && inFlight == 0 && eventsDone >= submitted.value }

    /// Queues a row's result. Public for `sheets.sync`-like callers and tests.
    public func enqueue(_ result: RowResult, row: Int, sheet: SheetRef, info: CampaignSheetInfo?) async throws(SheetsError) {
        guard row >= 2 else { return }
        let columns = try await layouts.columns(for: sheet, info: info)
        if !headersQueued.contains(sheet), !columns.appendedHeaders.isEmpty {
            headersQueued.insert(sheet)
            merge(sheet: sheet, row: 1, cells: Dictionary(columns.appendedHeaders.map { ($0.column, $0.title) }, uniquingKeysWith: { $1 }))
        }
        merge(sheet: sheet, row: row, cells: columns.cells(for: result))
    }

    private func merge(sheet: SheetRef, row: Int, cells: RowCells) {
        guard !cells.isEmpty else { return }
        pending[sheet.spreadsheetId, default: [:]][sheet, default: [:]][row, default: [:]].merge(cells) { $1 }
        if let waiter {
            self.waiter = nil
            waiter.resume()
        }
    }

    private func ingest(_ intake: Intake) async {
        defer { eventsDone += 1 }
        let (campaignId, contactId) = intake.ids
        do {
            guard let contact = try await store.contact(id: contactId), let info = contact.sheetInfo,
                let spreadsheetId = info.spreadsheetId, !spreadsheetId.isEmpty, let row = info.rowIndex,
                let result = try await rowResult(of: intake)
            else { return }
            let campaignInfo = try await sheetInfo(of: campaignId)
            let sheet = SheetRef(spreadsheetId: spreadsheetId, sheetName: info.sheetName ?? campaignInfo?.sheetName ?? "Sheet1")
            var attempt = Backoff(initial: settings.backoffInitial, maximum: settings.backoffMaximum)
            while true {
                let failure: SheetsError
                do {
                    try await enqueue(result, row: row, sheet: sheet, info: campaignInfo)
                    return
                } catch {
                    failure = error
                }
                guard failure.isTransient, !Task.isCancelled else { throw failure }
                // Reading the header hit the quota: wait, the result stays in hand.
                try await clock.sleep(for: .seconds(attempt.next(retryAfter: failure.retryAfter)))
            }
        } catch {
            logger.warning(
                "a call result could not be queued for its sheet row; `dialerctl sheet sync` restores it",
                metadata: ["contactId": "\(contactId)", "error": "\(error)"])
        }
    }

    /// The cells an intake sets; nil when it sets none.
    private func rowResult(of intake: Intake) async throws -> RowResult? {
        switch intake {
        case .result(let event):
            var summary: String?
            if let sid = event.call.callSid { summary = try await store.transcript(callSid: sid)?.summary }
            return RowResult(
                status: RowResult.statusText(event.state), lastResult: event.result, attempts: event.call.attempt,
                durationSeconds: event.call.duration, summary: summary)
        case .lateSummary(let event):
            // A contact dialed again since has a newer call, whose result the row shows.
            let progress = try await store.dialProgress(campaignId: event.campaignId, contactId: event.contactId)
            if let progress, progress.attempts > event.attempt { return nil }
            return RowResult(summary: event.summary)
        }
    }

    private func sheetInfo(of campaignId: ObjectId) async throws -> CampaignSheetInfo? {
        if let known = campaignSheetInfo[campaignId] { return known }
        let info = try await store.campaign(id: campaignId)?.sheetInfo
        campaignSheetInfo[campaignId] = info
        return info
    }

    // MARK: Service

    public func run() async {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await intake in self.events { await self.ingest(intake) }
                }
                group.addTask { await self.flushLoop() }
                // The intake ends when graceful shutdown finishes the stream (or on cancellation).
                await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: { [eventsIn] in
            eventsIn.finish()
        }
        // Cancellation is a hard stop (as a kill would be): nothing more is sent.
        if !Task.isCancelled { await finalFlush() }
    }

    private func flushLoop() async {
        while !Task.isCancelled {
            await waitForWork()
            if Task.isCancelled { return }
            do { try await clock.sleep(for: settings.debounce) } catch { return }
            await flushEverySpreadsheet(useBudget: true)
        }
    }

    private func waitForWork() async {
        if !pending.isEmpty { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if !pending.isEmpty || Task.isCancelled { continuation.resume() } else { waiter = continuation }
            }
        } onCancel: {
            Task { await self.releaseWaiter() }
        }
    }

    private func releaseWaiter() {
        waiter?.resume()
        waiter = nil
    }

    /// One request per spreadsheet with pending cells.
    private func flushEverySpreadsheet(useBudget: Bool) async {
        for spreadsheetId in pending.keys.sorted() {
            if useBudget {
                while let wait = budget.take(now: clock.now.date) {
                    do { try await clock.sleep(for: .seconds(wait)) } catch { return }
                }
            }
            guard let taken = pending.removeValue(forKey: spreadsheetId) else { continue }
            var data: [ValueRange] = []
            var rows = 0
            for (sheet, byRow) in taken.sorted(by: { $0.key.sheetName < $1.key.sheetName }) {
                for (row, cells) in byRow.sorted(by: { $0.key < $1.key }) {
                    data += RangeBuilder.ranges(sheet: sheet.sheetName, row: row, cells: cells)
                    if row > 1 { rows += 1 }
                }
            }
            counters.requests += 1
            let failure: SheetsError?
            inFlight += 1
            do {
                try await sink.write(spreadsheetId: spreadsheetId, data)
                failure = nil
            } catch {
                failure = error
            }
            inFlight -= 1
            guard let error = failure else {
                counters.rowsWritten += rows
                backoff.reset()
                continue
            }
            do {
                restore(taken, spreadsheetId: spreadsheetId)
                if error.isTransient || Task.isCancelled {
                    if case .rateLimited = error { counters.rateLimited += 1 } else { counters.failures += 1 }
                    let delay = backoff.next(retryAfter: error.retryAfter)
                    logger.warning(
                        "sheet write deferred",
                        metadata: [
                            "spreadsheetId": "\(spreadsheetId)", "error": "\(error)",
                            "retryInSeconds": "\(delay)"
                        ])
                    if Task.isCancelled { return }
                    do { try await clock.sleep(for: .seconds(delay)) } catch { return }
                } else {
                    counters.failures += 1
                    let dropped = pending.removeValue(forKey: spreadsheetId)
                    counters.cellsDropped += dropped?.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } } ?? 0
                    for sheet in dropped?.keys.map({ $0 }) ?? [] {
                        await layouts.forget(sheet)
                        headersQueued.remove(sheet)
                    }
                    logger.error(
                        "sheet write failed and was dropped; `dialerctl sheet sync` rewrites the rows from the database",
                        metadata: ["spreadsheetId": "\(spreadsheetId)", "error": "\(error)"])
                }
            }
        }
    }

    /// Puts cells of a failed write back, unless a newer value for the same cell arrived meanwhile.
    private func restore(_ taken: [SheetRef: [Int: RowCells]], spreadsheetId: String) {
        for (sheet, byRow) in taken {
            for (row, cells) in byRow {
                pending[spreadsheetId, default: [:]][sheet, default: [:]][row, default: [:]].merge(cells) { newer, _ in newer }
            }
        }
    }

    /// Graceful shutdown: write what is pending now, retrying until the deadline.
    private func finalFlush() async {
        let deadline = clock.now.date.addingTimeInterval(settings.shutdownDeadline.seconds)
        var rounds = 0
        while !pending.isEmpty && clock.now.date < deadline && rounds < 6 && !Task.isCancelled {
            rounds += 1
            await flushEverySpreadsheet(useBudget: false)
        }
        if !pending.isEmpty {
            logger.error(
                "shutting down with sheet rows unwritten; run `dialerctl sheet sync` for their campaigns",
                metadata: ["rows": "\(pendingRows)"])
        } else {
            logger.info("sheet write-back stopped", metadata: ["requests": "\(counters.requests)", "rows": "\(counters.rowsWritten)"])
        }
    }
}

/// A counter behind a lock, bumped from the nonisolated intake.
final class SubmittedCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

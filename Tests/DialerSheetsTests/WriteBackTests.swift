import DialerCore
import DialerSheets
import DialerSim
import DialerStore
import Foundation
import Testing

@Suite("Writing call results back to the sheet", .serialized)
struct WriteBackTests {
    static let resultHeader = ["Name", "Phone", "Call Status", "Last Result", "Attempts", "Duration", "Summary"]

    @Test func updatesAreCoalescedBatchedAndHeaderColumnsAppended() async throws {
        let clock = ManualWallClock(start: Date())
        let google = try await GoogleHarness.start(
            sheets: [SimSheetSeed(spreadsheetId: "sheet-1", sheetName: "Leads", rows: SheetFixtures.rows(30))],
            clock: clock)
        defer { Task { await google.stop() } }
        let store = InMemoryStore()
        let campaign = try await SheetFixtures.campaign(store: store)
        let client = try google.client()
        _ = try await SheetImporter(source: GoogleSheetsContactSource(client: client), store: store, clock: clock).importContacts(of: campaign)
        let contacts = try await SheetFixtures.contacts(store, of: campaign)
        try await store.upsertTranscript(
            Transcript(callSid: "CA-summary", conversationId: nil, transcript: [], summary: "Wants a callback", now: Date()))

        let writeBack = SheetWriteBack(
            sink: GoogleSheetsResultSink(client: client), source: GoogleSheetsContactSource(client: client),
            store: store, clock: clock, settings: WriteBackSettings(debounce: .seconds(2)))
        let run = Task { await writeBack.run() }
        for contact in contacts {
            writeBack.callResulted(SheetFixtures.event(campaign, contact, attempt: 1, status: .busy, duration: nil, state: "retry", result: "busy"))
        }
        // A second result for the first row, with a transcript: it replaces the first.
        var last = SheetFixtures.event(campaign, contacts[0], attempt: 2)
        last.call.callSid = "CA-summary"
        writeBack.callResulted(last)
        let settled = try await drive(clock) { await writeBack.isIdle }
        #expect(settled)
        run.cancel()
        await run.value

        let rows = try #require(await google.sim.sheetValues(spreadsheetId: "sheet-1", sheetName: "Leads"))
        #expect(rows[0] == Self.resultHeader, "result columns appended after the last header column")
        #expect(rows[1] == ["Person 0", "+12125550000", "completed", "completed-human", "2", "42", "Wants a callback"])
        #expect(rows[2] == ["Person 1", "+12125550001", "retrying", "busy", "1"])
        #expect(rows.count == 31)
        let writes = await google.requests().filter { $0.path.hasSuffix("values:batchUpdate") }
        #expect(writes.count == 1, "31 results in one debounce window are one request, got \(writes.count)")
        #expect(await writeBack.counters.rowsWritten == 30)
    }

    @Test func quotaExhaustionIsRidOutWithBackoffAndNothingIsLost() async throws {
        let clock = ManualWallClock(start: Date())
        let google = try await GoogleHarness.start(
            sheets: [SimSheetSeed(spreadsheetId: "sheet-1", sheetName: "Leads", rows: SheetFixtures.rows(12))],
            writeQuota: 2, clock: clock)
        defer { Task { await google.stop() } }
        let store = InMemoryStore()
        let campaign = try await SheetFixtures.campaign(store: store)
        let client = try google.client()
        _ = try await SheetImporter(source: GoogleSheetsContactSource(client: client), store: store, clock: clock).importContacts(of: campaign)
        let contacts = try await SheetFixtures.contacts(store, of: campaign)
        // The budget is set far above the sim's quota, so the 429 path is what keeps it in line.
        let writeBack = SheetWriteBack(
            sink: GoogleSheetsResultSink(client: client), source: GoogleSheetsContactSource(client: client),
            store: store, clock: clock,
            settings: WriteBackSettings(debounce: .seconds(1), writesPerMinute: 600, burst: 50, backoffInitial: 2, backoffMaximum: 30))
        let run = Task { await writeBack.run() }
        for wave in 0..<6 {
            for contact in contacts[(wave * 2)..<(wave * 2 + 2)] { writeBack.callResulted(SheetFixtures.event(campaign, contact)) }
            // Each wave is written before the next: six writes against a quota of two a minute.
            #expect(try await drive(clock) { await writeBack.isIdle }, "wave \(wave) written")
        }
        let settled = try await drive(clock) { await writeBack.isIdle }
        #expect(settled, "everything written in the end")
        run.cancel()
        await run.value

        let rows = try #require(await google.sim.sheetValues(spreadsheetId: "sheet-1", sheetName: "Leads"))
        for (index, row) in rows.dropFirst().enumerated() {
            #expect(row.count >= 4 && row[2] == "completed" && row[3] == "completed-human", "row \(index + 2): \(row)")
        }
        let writes = await google.requests().filter { $0.path.hasSuffix("values:batchUpdate") }
        let refused = writes.filter { $0.responseStatus == 429 }
        #expect(!refused.isEmpty, "the quota was hit")
        #expect(await writeBack.counters.rateLimited == refused.count)
        #expect(writes.count - refused.count >= 3, "writes resumed after the 429s")
    }

    @Test func aStopWithPendingUpdatesIsRepairedBySyncFromTheDatabase() async throws {
        let clock = ManualWallClock(start: Date())
        let google = try await GoogleHarness.start(
            sheets: [SimSheetSeed(spreadsheetId: "sheet-1", sheetName: "Leads", rows: SheetFixtures.rows(40))],
            clock: clock)
        defer { Task { await google.stop() } }
        let store = InMemoryStore()
        let campaign = try await SheetFixtures.campaign(store: store)
        let client = try google.client()
        let source = GoogleSheetsContactSource(client: client)
        let sink = GoogleSheetsResultSink(client: client)
        _ = try await SheetImporter(source: source, store: store, clock: clock).importContacts(of: campaign)
        let contacts = try await SheetFixtures.contacts(store, of: campaign)

        // The database's record: every contact reached a verdict through the store's claim cycle.
        let progress = contacts.map { DialProgress(campaignId: campaign.id!, contact: $0, contactId: $0.id!, timeZone: nil, now: clock.date) }
        _ = try await store.enroll(progress)
        _ = try await store.transitionCampaign(id: campaign.id!, from: [.draft], to: .active, now: clock.date)
        var events: [CallResultEvent] = []
        for index in contacts.indices {
            let callId = ObjectId()
            let attemptId = "attempt-\(index)"
            let claimed = try #require(
                try await store.claimNextContact(
                    ClaimRequest(
                        campaignId: campaign.id!, owner: "t", attemptId: attemptId,
                        callId: callId, now: clock.date)))
            let contact = try #require(contacts.first { $0.id == claimed.contactId })
            var call = Call(
                id: callId, attemptId: attemptId, provider: .twilio, attempt: 1, status: .completed, from: "+14155550000",
                to: contact.phoneNumber, campaignId: campaign.id, contactId: contact.id, now: clock.date)
            call.callSid = "CA\(index)"
            call.duration = 10 + index
            _ = try await store.insertCall(call)
            try await store.upsertTranscript(
                Transcript(callSid: "CA\(index)", conversationId: nil, transcript: [], summary: "summary \(index)", now: clock.date))
            _ = try await store.finishClaim(
                campaignId: campaign.id!, contactId: contact.id!, attemptId: attemptId,
                outcome: DialOutcome(state: .completed, lastCallResult: "completed-human"), now: clock.date)
            events.append(
                CallResultEvent(campaignId: campaign.id!, contactId: contact.id!, call: call, state: "completed", result: "completed-human"))
        }

        // The write-back gets the first half written, then dies with the rest still pending.
        let writeBack = SheetWriteBack(sink: sink, source: source, store: store, clock: clock, settings: WriteBackSettings(debounce: .seconds(2)))
        let run = Task { await writeBack.run() }
        for event in events.prefix(20) { writeBack.callResulted(event) }
        #expect(try await drive(clock) { await writeBack.isIdle })
        for event in events.dropFirst(20) { writeBack.callResulted(event) }
        #expect(try await drive(clock, step: .milliseconds(1), maxSteps: 200) { await writeBack.pendingRows == 20 })
        run.cancel() // a kill: no graceful flush
        await run.value
        let before = try #require(await google.sim.sheetValues(spreadsheetId: "sheet-1", sheetName: "Leads"))
        let unwritten = before.dropFirst().filter { $0.count < 3 || $0[2].isEmpty }.count
        #expect(unwritten == 20, "the killed write-back left rows unwritten")

        let report = try await SheetSync(source: source, sink: sink, store: store, clock: clock).sync(campaign)
        #expect(report.rowsWritten == 40)
        #expect(report.requests == 1)
        let after = try #require(await google.sim.sheetValues(spreadsheetId: "sheet-1", sheetName: "Leads"))
        for contact in contacts {
            let row = after[contact.sheetInfo!.rowIndex! - 1]
            let index = Int(contact.phoneNumber.suffix(4))!
            #expect(row == [contact.name!, contact.phoneNumber, "completed", "completed-human", "1", "\(10 + index)", "summary \(index)"])
        }
    }

    @Test func theCSVSinkWritesTheSameCells() async throws {
        let fixture = try await CSVSheetFixture(rows: 3)
        defer { fixture.remove() }
        let writeBack = fixture.writeBack
        let run = Task { await writeBack.run() }
        for contact in fixture.contacts { writeBack.callResulted(SheetFixtures.event(fixture.campaign, contact)) }
        #expect(try await drive(fixture.clock) { await writeBack.isIdle })
        run.cancel()
        await run.value
        let rows = try await fixture.rows()
        #expect(rows[0] == Self.resultHeader)
        #expect(rows[3] == ["Person 2", "+12125550002", "completed", "completed-human", "1", "42", ""])
    }

    /// A summary that came after its call's verdict fills the Summary cell and nothing else; one
    /// of an attempt the contact has since moved past is not the row's any more.
    @Test func aLateSummaryFillsOnlyTheSummaryCellOfTheContactsLatestCall() async throws {
        let fixture = try await CSVSheetFixture(rows: 2)
        defer { fixture.remove() }
        let (store, clock, contacts) = (fixture.store, fixture.clock, fixture.contacts)
        let campaignId = try #require(fixture.campaign.id)
        _ = try await store.enroll(
            contacts.map { DialProgress(campaignId: campaignId, contact: $0, contactId: $0.id!, timeZone: nil, now: clock.date) })
        // Each contact is dialed once; the one claimed second is then dialed again.
        var claimed: [ObjectId] = []
        for n in 0..<2 {
            let claim = try await store.claimNextContact(ClaimRequest(campaignId: campaignId, owner: "test", attemptId: "att-\(n)", now: clock.date))
            claimed.append(try #require(claim?.contactId))
        }
        #expect(
            try await store.finishClaim(
                campaignId: campaignId, contactId: claimed[1], attemptId: "att-1",
                outcome: DialOutcome(state: .retry, nextAttemptAt: clock.date), now: clock.date))
        let again = try await store.claimNextContact(ClaimRequest(campaignId: campaignId, owner: "test", attemptId: "att-2", now: clock.date))
        #expect(again?.contactId == claimed[1] && again?.attempts == 2)

        let writeBack = fixture.writeBack
        let run = Task { await writeBack.run() }
        for contact in contacts { writeBack.callResulted(SheetFixtures.event(fixture.campaign, contact)) }
        #expect(try await drive(clock) { await writeBack.isIdle })
        writeBack.summaryArrived(CallSummaryEvent(campaignId: campaignId, contactId: claimed[0], attempt: 1, summary: "Wants a callback"))
        writeBack.summaryArrived(CallSummaryEvent(campaignId: campaignId, contactId: claimed[1], attempt: 1, summary: "Of the first call"))
        #expect(try await drive(clock) { await writeBack.isIdle })
        run.cancel()
        await run.value

        let rows = try await fixture.rows()
        let row = { (id: ObjectId) in rows[try #require(contacts.first { $0.id == id }?.sheetInfo?.rowIndex) - 1] }
        #expect(try row(claimed[0]).suffix(5) == ["completed", "completed-human", "1", "42", "Wants a callback"])
        #expect(try row(claimed[1]).suffix(5) == ["completed", "completed-human", "1", "42", ""])
    }
}

import DialerControl
import DialerCore
import DialerOperator
import Foundation
import Testing

@Suite("dialerctl output: tables, detail text and the watch board")
struct FormatterTests {
    let utc = TimeZone(identifier: "UTC")!
    let t0 = ISO8601DateFormatter().date(from: "2026-11-23T15:00:00Z")!

    private func summary(_ name: String, status: CampaignStatus, placed: Int, contacts: Int) -> CampaignSummary {
        var campaign = Campaign(id: ObjectId(hex: "65a1b2c3d4e5f60718293a4b")!, name: name, status: status, now: t0)
        campaign.stats = CampaignStats(totalContacts: contacts, callsPlaced: placed, callsAnswered: placed / 2, callsFailed: 1)
        return CampaignSummary(campaign)
    }

    @Test func tablesPadColumnsAndAlignNumbersRight() {
        let table = TextTable([.init("NAME"), .init("COUNT", .right), .init("NOTE")])
        #expect(
            table.render([["alpha", "7", "x"], ["b", "1234", ""]]) == """
                NAME   COUNT  NOTE
                alpha      7  x
                b       1234
                """)
    }

    @Test func campaignListTable() {
        let list = CampaignList(
            campaigns: [
                summary("Spring renewals", status: .active, placed: 10, contacts: 40),
                summary("Recalls", status: .paused, placed: 0, contacts: 8)
            ], total: 3)
        let lines = ControlFormatter(timeZone: utc).campaignList(list).split(separator: "\n").map(String.init)
        #expect(lines[0] == "ID                        NAME             STATUS  CONTACTS  PLACED  ANSWERED  FAILED  NEXT RUN")
        #expect(lines[1] == "65a1b2c3d4e5f60718293a4b  Spring renewals  active        40      10         5       1  -")
        #expect(lines[2] == "65a1b2c3d4e5f60718293a4b  Recalls          paused         8       0         0       1  -")
        #expect(lines[3] == "(2 of 3 shown)")
        #expect(ControlFormatter().campaignList(CampaignList(campaigns: [], total: 0)) == "No campaigns.")
    }

    /// A campaign the engine paused on a provider error says so in the list and in `show`, with the reason.
    @Test func anEnginePauseShowsItsReason() {
        var campaign = Campaign(id: ObjectId(hex: "65a1b2c3d4e5f60718293a4b")!, name: "Recalls", status: .paused, now: t0)
        campaign.pauseReason = "twilio 21210: The source phone number provided, +14155550000, is not yet verified"
        let summary = CampaignSummary(campaign)
        let list = ControlFormatter(timeZone: utc).campaignList(CampaignList(campaigns: [summary], total: 1))
        #expect(list.contains("paused (provider error)"))
        let detail = CampaignDetail(
            campaign: summary, description: nil, callerId: nil, defaultTimeZone: nil, settings: CampaignSettings(),
            callingWindow: nil, stats: CampaignStats(), lastExecuted: nil, nextExecution: nil, lease: nil,
            inFlight: InFlightCalls(count: 0, calls: []), dialStates: [:],
            window: WindowState(open: true, nextOpening: nil, zones: [], rule: "us-tcpa"),
            eta: ETAEstimate(remainingContacts: 0, seconds: nil, finishAt: nil, basis: "none"), asOf: t0)
        let text = ControlFormatter(timeZone: utc).campaignDetail(detail)
        #expect(text.contains("PAUSED BY THE ENGINE: twilio 21210: The source phone number provided, +14155550000, is not yet verified"))
        #expect(text.contains("dialerctl resume 65a1b2c3d4e5f60718293a4b"))
    }

    @Test func importErrorsArePrintedCompilerStyleWithTheDirectory() {
        let body = ControlErrorBody(
            OperatorError(
                .invalidImport, "2 problems",
                issues: [
                    ImportIssue(file: "contacts.csv", line: 7, field: "phoneNumber", message: "must be E.164"),
                    ImportIssue(file: "campaign.json", line: nil, message: "missing")
                ]))
        #expect(
            ControlFormatter().error(body, directory: "campaigns-examples/x") == """
                error (invalid_import): 2 problems; nothing was imported
                campaigns-examples/x/contacts.csv:7: phoneNumber: must be E.164
                campaigns-examples/x/campaign.json: missing
                """)
        #expect(
            ControlFormatter().error(ControlErrorBody(OperatorError(.notFound, "no campaign with id 1")))
                == "error (not_found): no campaign with id 1"
        )
    }

    @Test func engineStatusText() {
        let status = EngineStatus(
            instanceId: "host-1", draining: false, leases: [HeldLease(id: "abc", name: "Spring")],
            cps: CPSUsage(inUse: 1, cap: 5), database: DatabaseHealth(ok: true, latencyMs: 1.25, error: nil), asOf: t0)
        #expect(
            ControlFormatter().engineStatus(status) == """
                Instance:         host-1
                State:            running
                Calls per second: 1 / 5.0
                Database:         ok (1.2 ms)
                Leases held:      1
                  abc  Spring
                """)
    }

    @Test func progressBarsFillInProportion() {
        let board = ProgressBoard(barWidth: 10, ascii: true)
        #expect(board.bar(done: 0, total: 12) == "[----------]")
        #expect(board.bar(done: 6, total: 12) == "[#####-----]")
        #expect(board.bar(done: 12, total: 12) == "[##########]")
        #expect(board.bar(done: 3, total: 0) == "[----------]")
        let progress = CampaignProgress(
            id: "a", name: "Demo", status: "active", total: 12, done: 6, placed: 8, answered: 5, failed: 1,
            inFlight: 2, cps: 0.75, at: t0)
        #expect(
            ProgressBoard(barWidth: 10, nameWidth: 6, ascii: true).line(progress)
                == "Demo   [#####-----]  50%  6/12 done  placed 8  answered 5  failed 1  in flight 2  0.8 cps  active")
        #expect(board.plainLine(progress, timeZone: utc).hasPrefix("15:00:00 Demo"))
    }

    @Test func theTerminalViewRedrawsInPlace() {
        var board = ProgressBoard(barWidth: 4, nameWidth: 4, ascii: true)
        let a = CampaignProgress(id: "a", name: "A", status: "active", total: 2, done: 1, placed: 1, answered: 0, failed: 0, inFlight: 1, at: t0)
        let b = CampaignProgress(id: "b", name: "B", status: "paused", total: 2, done: 0, placed: 0, answered: 0, failed: 0, inFlight: 0, at: t0)
        let first = board.redraw([a, b], footer: "f1")
        #expect(!first.contains("\u{1B}[3F"), "nothing to move back over the first time")
        #expect(first.components(separatedBy: "\u{1B}[2K").count - 1 == 3)
        let second = board.redraw([a], footer: "f2")
        #expect(second.hasPrefix("\u{1B}[3F"), "back up over the three lines drawn before")
        #expect(second.hasSuffix("\u{1B}[2K\n\u{1B}[1F"), "the leftover line is blanked and the cursor returns")
        let third = board.redraw([a], footer: "f3")
        #expect(third.hasPrefix("\u{1B}[2F"))
    }
}

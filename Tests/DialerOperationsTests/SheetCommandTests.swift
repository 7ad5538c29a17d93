import DialerControl
import DialerCore
import DialerOperations
import DialerOperator
import DialerSheets
import DialerStore
import DialerTestSupport
import Foundation
import Testing

@Suite("Control socket: sheets.import and sheets.sync")
struct SheetCommandTests {
    @Test func withoutSheetsConfiguredTheCommandsSaySo() async throws {
        try await withHarness { h in
            let id = try await h.campaign("No sheets", status: .draft)
            try await h.connect { connection in
                for command in ["sheets.import", "sheets.sync"] {
                    let response = try await connection.request(command, ["id": .string(id.hex)])
                    #expect(response.code == "unavailable")
                    #expect(response.error?.message.contains("sheets are not configured") == true)
                }
                let bad = try await connection.request("sheets.import", ["id": .string("nope")])
                #expect(bad.code == "bad_args")
                let unknown = try await connection.request("sheets.explode", ["id": .string(id.hex)])
                #expect(unknown.code == "unknown_command")
                #expect(unknown.error?.message.contains("sheets.import") == true, "the error lists the commands")
            }
        }
    }

    @Test func importStartAndSyncWorkOverTheSocketWithCSVSheets() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dct-sheets-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = CSVSheetFiles(directory: directory.path)
        let sheet = SheetRef(spreadsheetId: "book", sheetName: "Leads")
        try await files.write([["Name", "Phone"], ["Ada", "212 555 0101"], ["Bad", "12"], ["Cy", "+13125550102"]], to: sheet)
        let harness = try ControlHarness(sheets: { store, clock in
            SheetIntegration(source: CSVContactSource(files: files), sink: CSVResultSink(files: files), store: store, clock: clock)
        })
        try await withHarness(harness) { h in
            var campaign = Campaign(name: "Sheet driven", status: .draft, now: h.clock.now.date)
            campaign.callerId = "+14155550100"
            campaign.sheetInfo = CampaignSheetInfo(spreadsheetId: "book", sheetName: "Leads", phoneColumn: "Phone", nameColumn: "Name")
            let id = try await h.store.insertCampaign(campaign)
            try await h.connect { connection in
                let report = try await connection.request("sheets.import", ["id": .string(id.hex)]).result(as: SheetImportReport.self)
                #expect(report.imported == 2)
                #expect(report.skipped.map(\.row) == [3])
                // Start imports again: nothing new, and the campaign runs.
                let started = try await connection.request("campaigns.start", ["id": .string(id.hex)])
                #expect(started.ok)
                let stored = try await h.store.campaign(id: id)
                #expect(stored?.status == .active)
                #expect(stored?.stats.totalContacts == 2)
                let synced = try await connection.request("sheets.sync", ["id": .string(id.hex)]).result(as: SheetSyncReport.self)
                #expect(synced.rowsWritten == 2)
            }
            let rows = try await files.read(sheet)
            #expect(rows[0] == ["Name", "Phone", "Call Status", "Last Result", "Attempts", "Duration", "Summary"])
            #expect(rows[1] == ["Ada", "212 555 0101", "pending", "", "0", "", ""])
            #expect(rows[2] == ["Bad", "12", "", "", "", "", ""], "a skipped row gets no result")
        }
    }
}

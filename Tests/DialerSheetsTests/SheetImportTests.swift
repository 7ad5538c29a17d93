import DialerCore
import DialerSheets
import DialerSim
import DialerStore
import Foundation
import Testing

@Suite("Importing a campaign's contacts from its sheet", .serialized)
struct SheetImportTests {
    static let header = ["Name", "Phone Number", "Company", "Message", "Call Status"]
    static let rows: [[String]] = [
        header,
        ["Ada", "(212) 555-0101", "Acme", "Hi Ada", ""], // 2: good
        ["Bob", "not a number", "Acme", "", ""], // 3: bad phone
        ["Cy", "+1 212 555 0101", "Beta", "", ""], // 4: repeats row 2
        ["", "", "", "", ""], // 5: blank, ignored
        ["Di", "", "Gamma", "", ""], // 6: no phone
        ["Ed", "13125550102", "", "", "done"], // 7: good
        ["Flo", "+44 20 7946 0958"] // 8: good, short row
    ]

    static func campaign(store: InMemoryStore, sheetName: String = "Leads") async throws -> Campaign {
        var campaign = Campaign(name: "Sheet import", now: Date())
        campaign.sheetInfo = CampaignSheetInfo(
            spreadsheetId: "sheet-1", sheetName: sheetName, phoneColumn: "Phone Number",
            nameColumn: "Name", statusColumn: "Call Status", customMessageColumn: "Message")
        campaign.id = try await store.insertCampaign(campaign)
        return campaign
    }

    @Test func badRowsAreReportedByRowAndGoodRowsImportedOnce() async throws {
        let google = try await GoogleHarness.start(sheets: [SimSheetSeed(spreadsheetId: "sheet-1", sheetName: "Leads", rows: Self.rows)])
        defer { Task { await google.stop() } }
        let store = InMemoryStore()
        let campaign = try await Self.campaign(store: store)
        let importer = SheetImporter(source: GoogleSheetsContactSource(client: try google.client()), store: store, clock: SystemWallClock())

        let report = try await importer.importContacts(of: campaign)
        #expect(report.rows == 7)
        #expect(report.imported == 3)
        #expect(report.skipped.map(\.row) == [3, 4, 6])
        #expect(report.skipped[0].message.contains("not a number"))
        #expect(report.skipped[1].message.contains("repeats row 2"))
        #expect(report.totalContacts == 3)

        let contacts = try await store.listContacts(
            ContactFilter(campaignId: campaign.id!), campaign: campaign,
            page: PageRequest(offset: 0, limit: 100)
        ).items.sorted { $0.sheetInfo!.rowIndex! < $1.sheetInfo!.rowIndex! }
        #expect(contacts.map(\.phoneNumber) == ["+12125550101", "+13125550102", "+442079460958"])
        #expect(contacts.map { $0.sheetInfo?.rowIndex } == [2, 7, 8])
        #expect(contacts[0].sheetInfo == ContactSheetInfo(spreadsheetId: "sheet-1", sheetName: "Leads", rowIndex: 2))
        #expect(contacts[0].name == "Ada")
        #expect(contacts[0].customFields == ["Company": .string("Acme"), "customMessage": .string("Hi Ada")])
        #expect(contacts[1].customFields["Call Status"] == nil, "the status column is a result column, not a custom field")

        // Re-import: nothing twice.
        let again = try await importer.importContacts(of: campaign)
        #expect(again.imported == 0)
        #expect(again.alreadyImported == 3)
        #expect(again.totalContacts == 3)

        // A row added later is picked up alone.
        await google.sim.setSheet(spreadsheetId: "sheet-1", sheetName: "Leads", rows: Self.rows + [["Gus", "303-555-0103"]])
        let third = try await importer.importContacts(of: campaign)
        #expect(third.imported == 1)
        #expect(third.totalContacts == 4)
        let stored = try await store.campaign(id: campaign.id!)
        #expect(stored?.stats.totalContacts == 4)
    }

    @Test func aSheetWithoutAPhoneColumnIsAClearError() async throws {
        let google = try await GoogleHarness.start(sheets: [SimSheetSeed(spreadsheetId: "sheet-1", sheetName: "Leads", rows: [["Name", "Email"]])])
        defer { Task { await google.stop() } }
        let store = InMemoryStore()
        let campaign = try await Self.campaign(store: store)
        let importer = SheetImporter(source: GoogleSheetsContactSource(client: try google.client()), store: store, clock: SystemWallClock())
        do {
            _ = try await importer.importContacts(of: campaign)
            Issue.record("expected an error")
        } catch let error as SheetsError {
            #expect("\(error)".contains("phoneColumn \"Phone Number\""))
        }
    }

    @Test func theCSVSourceReadsTheSameWay() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = CSVSheetFiles(directory: directory.path)
        try await files.write(Self.rows, to: SheetRef(spreadsheetId: "sheet-1", sheetName: "Leads"))
        let store = InMemoryStore()
        let campaign = try await Self.campaign(store: store)
        let report = try await SheetImporter(source: CSVContactSource(files: files), store: store, clock: SystemWallClock())
            .importContacts(of: campaign)
        #expect(report.imported == 3)
        #expect(report.skipped.map(\.row) == [3, 4, 6])
    }
}

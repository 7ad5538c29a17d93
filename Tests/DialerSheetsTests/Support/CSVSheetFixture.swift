import DialerCore
import DialerSheets
import DialerStore
import Foundation

/// A CSV sheet of `count` people imported into a fresh in-memory store, and a write-back to it:
/// for tests of what reaches the cells, without Google's HTTP in between.
struct CSVSheetFixture {
    let directory: URL
    let files: CSVSheetFiles
    let sheet = SheetRef(spreadsheetId: "sheet-1", sheetName: "Leads")
    let store = InMemoryStore()
    let clock = ManualWallClock(start: Date())
    let campaign: Campaign
    let contacts: [Contact]
    let writeBack: SheetWriteBack

    init(rows count: Int) async throws {
        directory = try temporaryDirectory()
        files = CSVSheetFiles(directory: directory.path)
        try await files.write(SheetFixtures.rows(count), to: sheet)
        campaign = try await SheetFixtures.campaign(store: store)
        _ = try await SheetImporter(source: CSVContactSource(files: files), store: store, clock: clock).importContacts(of: campaign)
        contacts = try await SheetFixtures.contacts(store, of: campaign)
        writeBack = SheetWriteBack(sink: CSVResultSink(files: files), source: CSVContactSource(files: files), store: store, clock: clock)
    }

    func rows() async throws -> [[String]] { try await files.read(sheet) }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

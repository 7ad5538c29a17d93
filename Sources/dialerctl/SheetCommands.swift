import ArgumentParser
import DialerControl
import DialerCore

struct Sheet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A campaign's Google sheet: import its rows as contacts, or rewrite its result columns from the database.",
        subcommands: [SheetImport.self, SheetSync.self])
}

struct SheetImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the campaign's sheet rows as contacts. Bad rows are listed by row number and skipped; re-running adds only new rows.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var campaign: CampaignIdArgument

    func run() async throws {
        let session = Session(global)
        try await session.run("sheets.import", campaign.args) { response in
            let report = try response.result(as: SheetImportReport.self)
            var lines = [
                "sheet \(report.spreadsheetId)/\(report.sheetName): \(report.rows) rows, \(report.imported) imported, "
                    + "\(report.alreadyImported) already imported, \(report.skipped.count) skipped; campaign has \(report.totalContacts) contacts"
            ]
            lines += report.skipped.map { "  skipped \($0)" }
            return lines.joined(separator: "\n")
        }
    }
}

struct SheetSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Rewrite the sheet's result columns (status, last result, attempts, duration, summary) from the database.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var campaign: CampaignIdArgument

    func run() async throws {
        let session = Session(global)
        try await session.run("sheets.sync", campaign.args) { response in
            let report = try response.result(as: SheetSyncReport.self)
            return "sheet \(report.spreadsheetId)/\(report.sheetName): \(report.rowsWritten) rows written in \(report.requests) request(s)"
        }
    }
}

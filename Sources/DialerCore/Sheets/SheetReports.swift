/// A sheet row that was not imported, and why. `row` is the 1-based sheet row.
public struct SheetRowIssue: Codable, Sendable, Equatable, CustomStringConvertible {
    public var row: Int
    public var message: String

    public init(row: Int, message: String) {
        self.row = row
        self.message = message
    }

    public var description: String { "row \(row): \(message)" }
}

/// What `sheets.import` did.
public struct SheetImportReport: Codable, Sendable, Equatable {
    public var campaignId: String
    public var spreadsheetId: String
    public var sheetName: String
    /// Data rows read (the header excluded, blank rows included).
    public var rows: Int
    public var imported: Int
    /// Rows whose number the campaign already has: a re-import adds nothing twice.
    public var alreadyImported: Int
    /// Invalid or repeated rows, skipped.
    public var skipped: [SheetRowIssue]
    public var totalContacts: Int

    public init(
        campaignId: String, spreadsheetId: String, sheetName: String, rows: Int, imported: Int, alreadyImported: Int,
        skipped: [SheetRowIssue], totalContacts: Int
    ) {
        self.campaignId = campaignId
        self.spreadsheetId = spreadsheetId
        self.sheetName = sheetName
        self.rows = rows
        self.imported = imported
        self.alreadyImported = alreadyImported
        self.skipped = skipped
        self.totalContacts = totalContacts
    }
}

/// What `sheets.sync` did.
public struct SheetSyncReport: Codable, Sendable, Equatable {
    public var campaignId: String
    public var spreadsheetId: String
    public var sheetName: String
    /// Rows whose result cells were written.
    public var rowsWritten: Int
    /// Write requests it took (a 429 retried counts again).
    public var requests: Int

    public init(campaignId: String, spreadsheetId: String, sheetName: String, rowsWritten: Int, requests: Int) {
        self.campaignId = campaignId
        self.spreadsheetId = spreadsheetId
        self.sheetName = sheetName
        self.rowsWritten = rowsWritten
        self.requests = requests
    }
}

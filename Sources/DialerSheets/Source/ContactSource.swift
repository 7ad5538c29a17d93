import DialerCore

/// Which sheet of which spreadsheet.
public struct SheetRef: Sendable, Hashable, CustomStringConvertible {
    public var spreadsheetId: String
    public var sheetName: String

    public init(spreadsheetId: String, sheetName: String) {
        self.spreadsheetId = spreadsheetId
        self.sheetName = sheetName
    }

    /// The campaign's sheet, or a clear reason it has none.
    public init(campaign: Campaign) throws(SheetsError) {
        guard let info = campaign.sheetInfo, let id = info.spreadsheetId, !id.isEmpty else {
            throw .badSheet("campaign \(campaign.id?.hex ?? campaign.name) has no sheetInfo.spreadsheetId")
        }
        self.init(spreadsheetId: id, sheetName: info.sheetName.flatMap { $0.isEmpty ? nil : $0 } ?? "Sheet1")
    }

    public var description: String { "\(spreadsheetId)/\(sheetName)" }
}

/// Where contacts come from: the rows of a sheet, the first of them the header.
/// Production: `GoogleSheetsContactSource`; local default: `CSVContactSource`.
public protocol ContactSource: Sendable {
    /// Every row of the sheet, row 1 (the header) first; trailing empty cells may be missing.
    func rows(of sheet: SheetRef) async throws(SheetsError) -> [[String]]
    /// Row 1 only: the write-back needs the header, not 10,000 rows.
    func headerRow(of sheet: SheetRef) async throws(SheetsError) -> [String]
}

extension ContactSource {
    public func headerRow(of sheet: SheetRef) async throws(SheetsError) -> [String] { try await rows(of: sheet).first ?? [] }
}

public struct GoogleSheetsContactSource: ContactSource {
    private let client: GoogleSheetsClient

    public init(client: GoogleSheetsClient) { self.client = client }

    public func rows(of sheet: SheetRef) async throws(SheetsError) -> [[String]] {
        // The bare sheet name is the whole used range.
        try await client.values(spreadsheetId: sheet.spreadsheetId, range: A1Notation.quotedSheetName(sheet.sheetName))
    }

    public func headerRow(of sheet: SheetRef) async throws(SheetsError) -> [String] {
        try await client.values(spreadsheetId: sheet.spreadsheetId, range: "\(A1Notation.quotedSheetName(sheet.sheetName))!1:1").first ?? []
    }
}

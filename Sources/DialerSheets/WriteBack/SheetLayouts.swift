import DialerCore

/// Each sheet's columns, read once per process (one `values.get` of row 1) and kept.
/// Result columns a sheet lacks get their header cells written with the next flush.
actor SheetLayouts {
    private let source: any ContactSource
    private var layouts: [SheetRef: SheetColumns] = [:]

    init(source: any ContactSource) { self.source = source }

    func columns(for sheet: SheetRef, info: CampaignSheetInfo?) async throws(SheetsError) -> SheetColumns {
        if let known = layouts[sheet] { return known }
        let columns = try SheetColumns(header: try await source.headerRow(of: sheet), info: info)
        layouts[sheet] = columns
        return columns
    }

    func forget(_ sheet: SheetRef) { layouts[sheet] = nil }
}

import DialerCore
import DialerStore
import Foundation
import Logging

/// Reads a campaign's sheet and stores its rows as the campaign's contacts.
///
/// Bad rows are reported by sheet row and skipped; they never stop the import. Contacts are
/// unique per (phoneNumber, campaign), within the sheet and against what is stored, so a
/// re-import only adds rows that are new.
public struct SheetImporter: Sendable {
    private let source: any ContactSource
    private let store: any ContactRecords & CampaignRecords
    private let clock: any WallClock
    private let logger: Logger

    public init(
        source: any ContactSource, store: any ContactRecords & CampaignRecords, clock: any WallClock, logger: Logger = Logger(label: "dialer.sheets")
    ) {
        self.source = source
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    public func importContacts(of campaign: Campaign) async throws -> SheetImportReport {
        guard let campaignId = campaign.id else { throw SheetsError.badSheet("the campaign has no id") }
        let sheet = try SheetRef(campaign: campaign)
        let rows = try await source.rows(of: sheet)
        guard let headerRow = rows.first else { throw SheetsError.badSheet("sheet \(sheet) is empty: row 1 must name the columns") }
        let columns = try SheetColumns(header: headerRow, info: campaign.sheetInfo)

        var known = Set<String>()
        var existingCount = 0
        var offset = 0
        while true {
            let page = try await store.listContacts(
                ContactFilter(campaignId: campaignId), campaign: campaign,
                page: PageRequest(offset: offset, limit: 500))
            for contact in page.items { known.insert(contact.phoneNumber) }
            existingCount += page.items.count
            offset += page.items.count
            if !page.hasMore || page.items.isEmpty { break }
        }

        let now = clock.now.date
        var issues: [SheetRowIssue] = []
        var firstRow: [String: Int] = [:]
        var fresh: [Contact] = []
        var already = 0
        for (index, cells) in rows.enumerated().dropFirst() {
            let rowNumber = index + 1
            func cell(_ column: Int?) -> String? {
                guard let column, column <= cells.count else { return nil }
                let value = cells[column - 1].trimmingCharacters(in: .whitespacesAndNewlines)
                return value.isEmpty ? nil : value
            }
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard let rawPhone = cell(columns.phone) else {
                issues.append(
                    SheetRowIssue(
                        row: rowNumber,
                        message: "no phone number in column \(columns.header[safe: columns.phone - 1] ?? A1Notation.columnLetters(columns.phone))"))
                continue
            }
            guard let phone = PhoneNormalizer.e164(rawPhone) else {
                issues.append(
                    SheetRowIssue(row: rowNumber, message: "\"\(rawPhone)\" is not a phone number that can be read as E.164 (e.g. +14155550100)"))
                continue
            }
            if let first = firstRow[phone] {
                issues.append(SheetRowIssue(row: rowNumber, message: "\(phone) repeats row \(first); a number is called once per campaign"))
                continue
            }
            firstRow[phone] = rowNumber
            if known.contains(phone) {
                already += 1
                continue
            }
            var custom: [String: JSONValue] = [:]
            for (column, title) in columns.customColumns { if let value = cell(column) { custom[title] = .string(value) } }
            if let message = cell(columns.customMessage) { custom["customMessage"] = .string(message) }
            // Row order breaks priority ties, as people expect of a sheet.
            let created = now.addingTimeInterval(Double(rowNumber) / 1000)
            var contact = Contact(
                id: ObjectId(date: now), phoneNumber: phone, name: cell(columns.name), campaignIds: [campaignId],
                customFields: custom, now: created)
            contact.sheetInfo = ContactSheetInfo(spreadsheetId: sheet.spreadsheetId, sheetName: sheet.sheetName, rowIndex: rowNumber)
            fresh.append(contact)
        }

        var inserted = 0
        for chunk in stride(from: 0, to: fresh.count, by: 500).map({ Array(fresh[$0..<min($0 + 500, fresh.count)]) }) {
            inserted += try await insert(chunk)
        }
        let total = existingCount + inserted
        try await store.setTotalContacts(id: campaignId, total, now: clock.now.date)
        logger.info(
            "sheet imported",
            metadata: [
                "campaignId": "\(campaignId)", "sheet": "\(sheet)", "imported": "\(inserted)",
                "already": "\(already)", "skipped": "\(issues.count)"
            ])
        return SheetImportReport(
            campaignId: campaignId.hex, spreadsheetId: sheet.spreadsheetId, sheetName: sheet.sheetName,
            rows: rows.count - 1, imported: inserted, alreadyImported: already + (fresh.count - inserted),
            skipped: issues, totalContacts: total)
    }

    /// A duplicate (another import raced us) fails the batch; then each contact goes alone and
    /// duplicates count as already imported.
    private func insert(_ contacts: [Contact]) async throws -> Int {
        do {
            return try await store.insertContacts(contacts).count
        } catch StoreError.duplicateKey {
            var inserted = 0
            for contact in contacts {
                do {
                    inserted += try await store.insertContacts([contact]).count
                } catch StoreError.duplicateKey {
                    continue
                }
            }
            return inserted
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

import DialerCore
import Dispatch
import Foundation

/// The local stand-in for Google Sheets: each sheet is the file
/// `<directory>/<spreadsheetId>/<sheetName>.csv`. Both the CSV source and the CSV sink use it.
/// File I/O runs on a Dispatch queue, never on the cooperative pool.
public struct CSVSheetFiles: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public func path(of sheet: SheetRef) throws(SheetsError) -> String {
        for part in [sheet.spreadsheetId, sheet.sheetName] where part.contains("/") || part == ".." || part == "." || part.isEmpty {
            throw .badSheet("spreadsheetId and sheetName must be plain file names for the CSV store, got \"\(part)\"")
        }
        return URL(fileURLWithPath: directory).appendingPathComponent(sheet.spreadsheetId)
            .appendingPathComponent(sheet.sheetName + ".csv").path
    }

    public func read(_ sheet: SheetRef) async throws(SheetsError) -> [[String]] {
        let path = try path(of: sheet)
        let result: Result<[[String]], SheetsError> = await Self.offPool {
            guard let data = FileManager.default.contents(atPath: path) else { return .failure(.file("no CSV sheet at \(path)")) }
            do {
                return .success(try CSVTable.parse(String(decoding: data, as: UTF8.self)))
            } catch {
                return .failure(.file("\(path): \(error)"))
            }
        }
        return try result.get()
    }

    /// Writes the whole sheet atomically (temporary file, then rename).
    public func write(_ rows: [[String]], to sheet: SheetRef) async throws(SheetsError) {
        let path = try path(of: sheet)
        let text = CSVTable.format(rows)
        let failure: String? = await Self.offPool { () -> String? in
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                return nil
            } catch {
                return "cannot write \(path): \(error.localizedDescription)"
            }
        }
        if let failure { throw .file(failure) }
    }

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async { continuation.resume(returning: work()) }
        }
    }
}

public struct CSVContactSource: ContactSource {
    private let files: CSVSheetFiles

    public init(files: CSVSheetFiles) { self.files = files }

    public func rows(of sheet: SheetRef) async throws(SheetsError) -> [[String]] { try await files.read(sheet) }
}

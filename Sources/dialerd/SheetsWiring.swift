import DialerCore
import DialerEngine
import DialerHTTP
import DialerSheets
import DialerStore
import Foundation
import Logging

/// Builds the sheet sync from configuration: Google when a service-account key is set, CSV
/// files when only a directory is, nothing otherwise (then `sheet import` says so).
enum SheetsWiring {
    static func make(
        _ configuration: ServeConfiguration.Sheets?, store: any SheetStore, http: any HTTPClient,
        clock: any WallClock
    ) throws -> SheetIntegration? {
        guard let configuration else { return nil }
        let settings = WriteBackSettings(debounce: configuration.flushInterval, writesPerMinute: configuration.writesPerMinute)
        if let keyFile = configuration.serviceAccountKeyFile {
            // The key's content is secret: errors name the file and the field, never a value.
            let key = try ServiceAccountKey.load(path: keyFile)
            let tokens = try GoogleTokenProvider(key: key, tokenURL: configuration.tokenURL, http: http, clock: clock)
            let client = GoogleSheetsClient(baseURL: configuration.baseURL, http: http, tokens: tokens)
            return SheetIntegration(
                source: GoogleSheetsContactSource(client: client), sink: GoogleSheetsResultSink(client: client),
                store: store, clock: clock, settings: settings)
        }
        let files = CSVSheetFiles(directory: configuration.csvDirectory ?? ".")
        return SheetIntegration(
            source: CSVContactSource(files: files), sink: CSVResultSink(files: files), store: store, clock: clock,
            settings: settings)
    }
}

import DialerCore
import DialerStore
import Logging

/// What the control socket asks of the sheet sync. Production: `SheetIntegration`.
public protocol SheetOperations: Sendable {
    func importContacts(of campaign: Campaign) async throws -> SheetImportReport
    func sync(_ campaign: Campaign) async throws -> SheetSyncReport
}

/// The sheet integration of one dialerd, assembled: a source and a sink (Google or CSV), the
/// importer, the rebuild-from-database sync, and the write-back the engine reports results to.
/// Not itself a ServiceLifecycle service: its `writeBack` is the one dialerd runs.
public struct SheetIntegration: SheetOperations {
    public let source: any ContactSource
    public let sink: any ResultSink
    public let writeBack: SheetWriteBack
    private let importer: SheetImporter
    private let syncer: SheetSync

    public init(
        source: any ContactSource, sink: any ResultSink, store: any SheetStore, clock: any WallClock,
        settings: WriteBackSettings = .init(), logger: Logger = Logger(label: "dialer.sheets")
    ) {
        self.source = source
        self.sink = sink
        writeBack = SheetWriteBack(sink: sink, source: source, store: store, clock: clock, settings: settings, logger: logger)
        importer = SheetImporter(source: source, store: store, clock: clock, logger: logger)
        syncer = SheetSync(source: source, sink: sink, store: store, clock: clock, logger: logger)
    }

    public func importContacts(of campaign: Campaign) async throws -> SheetImportReport { try await importer.importContacts(of: campaign) }
    public func sync(_ campaign: Campaign) async throws -> SheetSyncReport { try await syncer.sync(campaign) }
}

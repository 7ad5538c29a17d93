import DialerCore
import DialerHTTP
import Foundation
import Hummingbird
import Logging

/// dialer-sim in-process: Twilio, ElevenLabs and Bland on one loopback port.
///
/// ```
/// let sim = try SimServer(configuration: SimConfiguration(seed: 7))
/// let port = try await sim.start()     // OS-picked when configuration.port is 0
/// ...
/// await sim.stop()
/// ```
public final class SimServer: Sendable {
    public let configuration: SimConfiguration
    public let clock: any SimClock
    /// Every request received, in arrival order.
    public let requestLog: SimRequestLog

    private let core: SimCore
    private let sender: SimCallbackSender
    private let ownedHTTP: CurlHTTPClient?
    private let logger: Logger
    private let running = LockedValue<(port: Int?, task: Task<Void, Never>?)>((nil, nil))

    /// - Parameters:
    ///   - clock: drives call playout; `ManualSimClock` makes it step by hand.
    ///   - wallEpoch: the wall-clock date at the clock's zero, for timestamps in payloads.
    ///   - http: sends callbacks; by default a libcurl client owned by the simulator.
    public init(
        configuration: SimConfiguration, clock: any SimClock = ContinuousSimClock(), wallEpoch: Date = Date(),
        http: (any HTTPClient)? = nil, logger: Logger = Logger(label: "dialer-sim"),
        googleClock: any WallClock = SystemWallClock()
    ) throws {
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        let client: any HTTPClient
        if let http {
            client = http
            ownedHTTP = nil
        } else {
            let owned = try CurlHTTPClient()
            client = owned
            ownedHTTP = owned
        }
        sender = SimCallbackSender(http: client, logger: logger, wallClock: { Date() })
        requestLog = try SimRequestLog(path: configuration.requestLogPath)
        let book = SimCallBook(configuration: configuration, clock: clock, wallEpoch: wallEpoch, sender: sender)
        let google = try GoogleSimState(
            clock: googleClock, clientEmail: configuration.googleClientEmail,
            publicKeyPEM: configuration.googlePublicKeyPEM,
            writeQuotaPerMinute: configuration.sheetsWriteQuotaPerMinute, seeds: configuration.sheets)
        core = SimCore(configuration: configuration, clock: clock, book: book, log: requestLog, google: google)
    }

    /// Binds and starts serving; returns the port.
    @discardableResult
    public func start() async throws -> Int {
        if let port = running.withLock({ $0.port }) { return port }
        let ready = StartupSignal()
        let app = Application(
            responder: SimResponder(core: core),
            server: .http1(configuration: .init(additionalChannelHandlers: [ArrivalStamp()])),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "dialer-sim"),
            onServerRunning: { channel in ready.succeed(channel.localAddress?.port ?? 0) },
            logger: logger)
        let task = Task {
            do {
                try await app.run()
            } catch {
                ready.fail(error)
            }
            ready.fail(CancellationError())
        }
        running.withLock { $0.task = task }
        let port = try await ready.value()
        await core.book.setBaseURL("http://\(configuration.host):\(port)")
        await core.google.setBaseURL("http://\(configuration.host):\(port)")
        running.withLock { $0.port = port }
        return port
    }

    /// Stops serving and cancels every playout; undelivered callbacks are dropped.
    public func stop() async {
        let task = running.withLock { state -> Task<Void, Never>? in
            defer { state = (nil, nil) }
            return state.task
        }
        await core.book.stopAll()
        task?.cancel()
        await task?.value
        await requestLog.close()
        await ownedHTTP?.shutdown()
    }

    public var port: Int? { running.withLock { $0.port } }

    /// "http://127.0.0.1:PORT": the base URL for all three simulated APIs.
    public var baseURL: String { "http://\(configuration.host):\(port ?? configuration.port)" }

    public func calls() async -> [SimCallView] { await core.book.views() }

    public func call(sid: String) async -> SimCallView? { await core.book.views().first { $0.sid == sid } }

    /// Callbacks and webhooks sent so far, in order of completion.
    public func deliveries() async -> [SimCallbackDelivery] { await sender.all() }

    /// Returns once at least `count` callbacks have been sent (delivered or failed).
    public func waitForDeliveries(_ count: Int) async { await sender.waitForCount(count) }

    public func addFault(_ fault: SimFault) { core.faults.add(fault) }

    /// Twilio refuses as this account-level error until it is set to nil.
    public func setTwilioAccountError(_ error: TwilioSimAccountError?) { core.twilioAccountError.withLock { $0 = error } }

    /// A simulated sheet's cells, row 1 first; nil when there is no such sheet.
    public func sheetValues(spreadsheetId: String, sheetName: String) async -> [[String]]? {
        await core.google.sheet(spreadsheetId, sheetName)
    }

    public func setSheet(spreadsheetId: String, sheetName: String, rows: [[String]]) async {
        await core.google.setSheet(spreadsheetId, sheetName, rows: rows)
    }
}

import DialerCore
import DialerHTTP
import DialerSheets
import DialerSim
import Foundation
import Logging

/// dialer-sim serving Google's token endpoint and Sheets on a loopback port, a service account
/// it trusts, and a libcurl client. `clock` drives tokens and the write quota on both sides.
struct GoogleHarness: Sendable {
    let sim: SimServer
    let account: TestServiceAccount
    private let loadedKey: ServiceAccountKey
    let http: CurlHTTPClient
    let clock: any WallClock

    static func start(sheets: [SimSheetSeed], writeQuota: Int = 60, clock: any WallClock = SystemWallClock()) async throws -> GoogleHarness {
        let account = try await TestServiceAccount.make(in: try temporaryDirectory())
        var configuration = SimConfiguration()
        configuration.googleClientEmail = TestServiceAccount.email
        configuration.googlePublicKeyPEM = account.publicKeyPEM
        configuration.sheetsWriteQuotaPerMinute = writeQuota
        configuration.sheets = sheets
        var logger = Logger(label: "dialer-sim")
        logger.logLevel = .error
        let sim = try SimServer(configuration: configuration, logger: logger, googleClock: clock)
        try await sim.start()
        // Read once, then delete: the throwaway key never outlives the start of the test.
        let key = try ServiceAccountKey.load(path: account.keyFilePath)
        try? FileManager.default.removeItem(at: account.directory)
        return GoogleHarness(sim: sim, account: account, loadedKey: key, http: try CurlHTTPClient(), clock: clock)
    }

    var tokenURL: String { sim.baseURL + "/token" }

    func key() throws -> ServiceAccountKey { loadedKey }

    func tokens(refreshMargin: TimeInterval = 300) throws -> GoogleTokenProvider {
        try GoogleTokenProvider(key: try key(), tokenURL: tokenURL, http: http, clock: clock, refreshMargin: refreshMargin)
    }

    func client() throws -> GoogleSheetsClient {
        GoogleSheetsClient(baseURL: sim.baseURL, http: http, tokens: try tokens())
    }

    func requests() async -> [SimRequestRecord] { await sim.requestLog.all() }

    func stop() async {
        await sim.stop()
        await http.shutdown()
    }
}

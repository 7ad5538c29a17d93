import DialerCore
import DialerHTTP
import DialerSim
import DialerStore
import DialerTestSupport
import Foundation
import Testing

/// A campaign driven by a Google sheet, with real processes: dialer-sim (Twilio and Google),
/// the test database, dialerd and dialerctl. DIALER_SHEETS_ROWS sets the sheet size (default 60,
/// kept small for CI; 500 is the benchmark run), and the test prints the request counts.
@Suite("End to end: a sheet-driven campaign", .serialized)
struct SheetCampaignEndToEndTests {
    static let spreadsheetId = "sheet-e2e"
    static let sheetName = "Call List"

    @Test func aSheetDrivenCampaignImportsRunsAndWritesEveryResultBack() async throws {
        let count = Int(ProcessInfo.processInfo.environment["DIALER_SHEETS_ROWS"] ?? "") ?? 60
        let (store, mongoURI, database) = try await TestDatabase.ownServerStore()
        defer { database.kill() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dialer-sheets-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let account = try await ServiceAccountFiles.make(in: directory)

        // The sheet: a header, `count` good rows, then a bad number and a repeated one.
        let areas = ["212", "312", "303", "415", "617", "206", "305", "702"]
        var csv = "Name,Phone,Company\n"
        for i in 0..<count { csv += "Person \(i),(\(areas[i % areas.count])) 555-\(String(format: "%04d", i)),Co \(i % 7)\n" }
        csv += "Broken,not-a-phone,X\nTwice,(212) 555-0000,Y\n"
        let sheetFile = directory.appendingPathComponent("sheet.csv")
        try csv.write(to: sheetFile, atomically: true, encoding: .utf8)
        let badRows = [count + 2, count + 3]

        let requestLog = directory.appendingPathComponent("sim-requests.jsonl")
        let sim = try ManagedProcess(
            "dialer-sim",
            [
                "--port", "0", "--seed", "11", "--cps", "100", "--time-scale", "0.01", "--request-log", requestLog.path,
                "--account-sid", CampaignRun.accountSid, "--auth-token", CampaignRun.authToken,
                "--outcomes", "human=60,machine=10,busy=10,no-answer=10,failed=10",
                "--sheet", "\(Self.spreadsheetId):\(Self.sheetName)=\(sheetFile.path)",
                "--google-public-key", account.publicKeyPath, "--google-client-email", ServiceAccountFiles.email
            ], directory: directory)
        let line = try await sim.waitForLine(containing: "listening on 127.0.0.1:")
        let simPort = Int(line.split(separator: ":").last!.trimmingCharacters(in: .whitespaces))!
        let simURL = "http://127.0.0.1:\(simPort)"

        var campaign = Campaign(
            name: "Sheet E2E \(count)", status: .draft,
            settings: CampaignSettings(callDelay: 20, maxConcurrentCalls: 20, retryCount: 1, retryDelay: 300), now: Date())
        campaign.callerId = "+14155550000"
        let always = [LocalTimeRange("00:00", "24:00")]
        campaign.callingWindow = CallingWindow(days: Dictionary(uniqueKeysWithValues: CallingWindow.weekdayKeys.map { ($0, always) }))
        campaign.sheetInfo = CampaignSheetInfo(spreadsheetId: Self.spreadsheetId, sheetName: Self.sheetName, phoneColumn: "Phone", nameColumn: "Name")
        let campaignId = try await store.insertCampaign(campaign)

        let socket = directory.appendingPathComponent("dialerd.sock").path
        let port = try freeLoopbackPort()
        let dialerd = try ManagedProcess(
            "dialerd",
            [
                "serve", "--mongo-uri", mongoURI, "--public-url", "http://127.0.0.1:\(port)", "--bind", "127.0.0.1:\(port)",
                "--instance-id", "sheets-e2e", "--twilio-account-sid", CampaignRun.accountSid, "--twilio-auth-token", CampaignRun.authToken,
                "--twilio-base-url", simURL, "--cps", "50", "--poll-interval", "200", "--lease-seconds", "3",
                "--reconcile-after-seconds", "3", "--reconcile-interval-seconds", "1", "--log-level", "info", "--control-socket", socket,
                "--api-bind", "127.0.0.1:\(try freeLoopbackPort())", "--google-service-account-key-file", account.keyFilePath, "--google-token-url",
                simURL + "/token",
                "--sheets-base-url", simURL, "--sheets-flush-ms", "2000"
            ], directory: directory)
        // The API listener prints this line too: wait for the webhook port's.
        _ = try await dialerd.waitForLine(containing: "Server started and listening on 127.0.0.1:\(port)")

        // Operator start: the sheet is imported, then the campaign runs.
        let started = Date()
        let start = try ManagedProcess("dialerctl", ["start", campaignId.hex, "--socket", socket], directory: directory)
        #expect(try await start.waitForExit() == 0, "dialerctl start: \(start.log)")
        let imported = try await store.campaign(id: campaignId)
        #expect(imported?.stats.totalContacts == count)

        let run = CampaignRunView(store: store, campaignId: campaignId)
        try await run.waitForStatus(.completed, timeout: 600)
        let completedAt = Date()

        // Every row ends with its final result; bad rows are left alone.
        let http = try CurlHTTPClient()
        defer { Task { await http.shutdown() } }
        var rows: [[String]] = []
        let deadline = Date().addingTimeInterval(30)
        var finalRows = 0
        while Date() < deadline {
            rows = try await Self.sheet(http, simURL)
            finalRows = rows.dropFirst().filter { $0.count > 3 && ["completed", "failed"].contains($0[3]) }.count
            if finalRows == count { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        let lastWrite = Date()
        #expect(finalRows == count, "rows with a final status: \(finalRows) of \(count)")
        #expect(rows.first == ["Name", "Phone", "Company", "Call Status", "Last Result", "Attempts", "Duration", "Summary"])
        for bad in badRows { #expect(rows[bad - 1].count <= 3, "bad row \(bad) untouched: \(rows[bad - 1])") }
        let contacts = try await store.listContacts(ContactFilter(campaignId: campaignId), campaign: nil, page: PageRequest(offset: 0, limit: 1000))
            .items
        for contact in contacts {
            let progress = try #require(try await store.dialProgress(campaignId: campaignId, contactId: contact.id!))
            let row = rows[contact.sheetInfo!.rowIndex! - 1]
            #expect(
                row.count > 5 && row[3] == progress.state.rawValue && row[4] == (progress.lastCallResult ?? "") && row[5] == "\(progress.attempts)",
                "row \(contact.sheetInfo!.rowIndex!) \(row) vs \(progress.state.rawValue) \(progress.lastCallResult ?? "-") \(progress.attempts)")
        }

        // Over the control socket: a re-import adds nothing, a sync rewrites the same values.
        let reimport = try ManagedProcess("dialerctl", ["sheet", "import", campaignId.hex, "--socket", socket], directory: directory)
        #expect(try await reimport.waitForExit() == 0)
        #expect(reimport.log.contains("0 imported, \(count) already imported, 2 skipped"), "\(reimport.log)")
        #expect(reimport.log.contains("row \(count + 2):") && reimport.log.contains("row \(count + 3):"))
        let sync = try ManagedProcess("dialerctl", ["sheet", "sync", campaignId.hex, "--socket", socket], directory: directory)
        #expect(try await sync.waitForExit() == 0)
        #expect(sync.log.contains("\(count) rows written in 1 request"), "\(sync.log)")
        #expect(try await Self.sheet(http, simURL) == rows, "a sync from the database reproduces what the write-back wrote")

        dialerd.signal(SIGTERM)
        #expect(try await dialerd.waitForExit() == 0)
        sim.signal(SIGTERM)
        _ = try await sim.waitForExit()

        let decoder = JSONDecoder()
        let requests = try String(contentsOf: requestLog, encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(SimRequestRecord.self, from: Data($0.utf8))
        }.filter { $0.arrival <= lastWrite }
        let tokens = requests.filter { $0.path == "/token" }.count
        let gets = requests.filter { $0.method == "GET" && $0.path.hasPrefix("/v4/") }.count
        let writes = requests.filter { $0.path.hasSuffix("values:batchUpdate") && $0.arrival <= completedAt.addingTimeInterval(5) }
        let runTime = completedAt.timeIntervalSince(started)
        let writeSpan = (writes.last?.arrival ?? started).timeIntervalSince(started)
        print(
            "SHEETS-BENCH rows=\(count) runTime=\(String(format: "%.1f", runTime))s tokenRequests=\(tokens) valuesGet=\(gets) "
                + "batchUpdate=\(writes.count) writesPerSecond=\(String(format: "%.3f", Double(writes.count) / max(writeSpan, 1))) "
                + "rowsWithFinalResult=\(finalRows)/\(count) secondsPerWrite=\(String(format: "%.2f", max(writeSpan, 1) / Double(max(writes.count, 1))))"
        )
        #expect(tokens == 1, "one token for the whole run")
        #expect(Double(writes.count) <= max(writeSpan, 1) / 2 + 2, "about one write per 2 s at most: \(writes.count) in \(writeSpan) s")
        try? FileManager.default.removeItem(at: directory)
    }

    static func sheet(_ http: CurlHTTPClient, _ simURL: String) async throws -> [[String]] {
        let name = FormURLEncoding.escape(sheetName)
        let response = try await http.send(HTTPRequest(method: "GET", url: "\(simURL)/sim/sheets/\(spreadsheetId)/\(name)"))
        struct Values: Decodable { var values: [[String]] }
        return try JSONDecoder().decode(Values.self, from: Data(response.body)).values
    }
}

/// Waiting on a campaign's status, for runs not built by `CampaignRun`.
struct CampaignRunView {
    let store: MongoStore
    let campaignId: ObjectId

    func waitForStatus(_ status: CampaignStatus, timeout: TimeInterval) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await store.campaign(id: campaignId)?.status == status { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        let counts = try await store.dialStateCounts(campaignId: campaignId)
        throw ProcessFailure("campaign not \(status) within \(Int(timeout)) s: states \(counts)")
    }
}

/// A throwaway service account for dialer-sim and dialerd: a key made by the openssl CLI at test
/// time, never a real one.
enum ServiceAccountFiles {
    static let email = "dialer-e2e@dialer-sim.iam.gserviceaccount.com"

    struct Made {
        let keyFilePath: String
        let publicKeyPath: String
    }

    static func make(in directory: URL) async throws -> Made {
        let privateKey = directory.appendingPathComponent("sa-key.pem").path
        let publicKey = directory.appendingPathComponent("sa-pub.pem").path
        try await run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", privateKey])
        try await run(["openssl", "pkey", "-in", privateKey, "-pubout", "-out", publicKey])
        let file: [String: String] = [
            "type": "service_account", "client_email": email,
            "private_key": try String(contentsOfFile: privateKey, encoding: .utf8),
            "token_uri": "https://oauth2.googleapis.com/token"
        ]
        let keyFile = directory.appendingPathComponent("service-account.json")
        try JSONEncoder().encode(file).write(to: keyFile)
        return Made(keyFilePath: keyFile.path, publicKeyPath: publicKey)
    }

    private static func run(_ arguments: [String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        guard status == 0 else { throw ProcessFailure("\(arguments.joined(separator: " ")) exited \(status)") }
    }
}

import DialerCore
import DialerCrypto
import DialerSim
import DialerStore
import DialerTestSupport
import Foundation
import Testing

/// The test database, dialer-sim and dialerd as real processes, and a campaign to run.
struct CampaignRun {
    let store: MongoStore
    let mongoURI: String
    /// Kept for the run's life: dropping it stops the server.
    let database: OwnedServer
    let directory: URL
    let sim: ManagedProcess
    let simPort: Int
    let campaignId: ObjectId
    let settings: CampaignSettings
    let requestLog: URL

    static let accountSid = "AC00000000000000000000000000000001"
    static let authToken = "e2e-auth-token"

    init(
        contacts count: Int, settings: CampaignSettings, simArguments: [String] = [], timeScale: Double = 0.01,
        simAuthToken: String = CampaignRun.authToken
    ) async throws {
        // A server of its own: the shared one serves one request at a time, and a dialerd on it
        // queues behind every other test running meanwhile.
        (store, mongoURI, database) = try await TestDatabase.ownServerStore()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("dialer-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        requestLog = directory.appendingPathComponent("sim-requests.jsonl")
        sim = try ManagedProcess(
            "dialer-sim",
            [
                "--port", "0", "--seed", "7", "--cps", "100", "--time-scale", "\(timeScale)", "--request-log", requestLog.path,
                "--account-sid", Self.accountSid, "--auth-token", simAuthToken,
                "--outcomes", "human=50,machine=10,busy=15,no-answer=15,failed=10"
            ] + simArguments, directory: directory)
        let line = try await sim.waitForLine(containing: "listening on 127.0.0.1:")
        simPort = Int(line.split(separator: ":").last!.trimmingCharacters(in: .whitespaces))!
        self.settings = settings
        var campaign = Campaign(name: "E2E \(count)", status: .active, settings: settings, now: Date())
        campaign.callerId = "+14155550000"
        let always = [LocalTimeRange("00:00", "24:00")]
        campaign.callingWindow = CallingWindow(days: Dictionary(uniqueKeysWithValues: CallingWindow.weekdayKeys.map { ($0, always) }))
        campaignId = try await store.insertCampaign(campaign)
        let areas = ["212", "312", "303", "415", "617", "206", "305", "702"]
        let contacts = (0..<count).map { i in
            Contact(
                phoneNumber: "+1\(areas[i % areas.count])555\(String(format: "%04d", i))", name: "Contact \(i)",
                priority: i % 11, campaignIds: [campaignId], now: Date().addingTimeInterval(Double(i) / 1000))
        }
        _ = try await store.insertContacts(contacts)
    }

    /// Each dialerd gets its own control socket, so suites running side by side never share one.
    func controlSocket(_ instanceId: String) -> String { directory.appendingPathComponent("\(instanceId).sock").path }

    /// - Parameter apiPort: the operator API's port; nil: any free one (never the default 8081,
    ///   which dialerds of suites running side by side would share).
    func startDialerd(
        port: Int, instanceId: String, extra: [String] = [], environment: [String: String] = [:],
        authToken: String = CampaignRun.authToken, reconcileAfterSeconds: Int = 3, apiPort: Int? = nil
    ) throws -> ManagedProcess {
        try ManagedProcess(
            "dialerd",
            [
                "serve", "--mongo-uri", mongoURI, "--public-url", "http://127.0.0.1:\(port)", "--bind", "127.0.0.1:\(port)",
                "--instance-id", instanceId, "--twilio-account-sid", Self.accountSid, "--twilio-auth-token", authToken,
                "--twilio-base-url", "http://127.0.0.1:\(simPort)", "--cps", "50", "--poll-interval", "200", "--lease-seconds", "3",
                "--reconcile-after-seconds", "\(reconcileAfterSeconds)", "--reconcile-interval-seconds", "1", "--log-level", "info",
                "--control-socket", controlSocket(instanceId), "--api-bind", "127.0.0.1:\(try apiPort ?? freeLoopbackPort())"
            ] + extra, environment: environment, directory: directory)
    }

    /// A new API key made as an operator makes one, with `dialerctl api-keys create` through the
    /// control socket of the dialerd started as `instanceId`; the key as its holder sends it.
    func createKey(_ scope: APIScope, name: String, instanceId: String) async throws -> String {
        let ctl = try ManagedProcess(
            "dialerctl", ["api-keys", "create", "--name", name, "--scope", scope.rawValue, "--socket", controlSocket(instanceId)],
            directory: directory)
        let status = try await ctl.waitForExit()
        guard status == 0, let key = ctl.log.split(separator: "\n").first(where: { $0.hasPrefix("dk_") }) else {
            throw ProcessFailure("dialerctl api-keys create exited \(status): \(ctl.log)")
        }
        return String(key)
    }

    /// `dialerctl api-keys revoke`, through the control socket of `instanceId`.
    func revokeKey(_ nameOrPrefix: String, instanceId: String) async throws {
        let ctl = try ManagedProcess("dialerctl", ["api-keys", "revoke", nameOrPrefix, "--socket", controlSocket(instanceId)], directory: directory)
        let status = try await ctl.waitForExit()
        guard status == 0 else { throw ProcessFailure("dialerctl api-keys revoke exited \(status): \(ctl.log)") }
    }

    /// A new API key of `scope` in the run's database, as its holder sends it.
    func issueKey(_ scope: APIScope = .read, name: String = "e2e-\(UUID().uuidString.prefix(8))") async throws -> String {
        let issued = APIKeyToken.issue()
        _ = try await store.insertAPIKey(APIKey(name: name, scope: scope, keyHash: issued.hash, prefix: issued.prefix, now: Date()))
        return issued.key
    }

    func waitForStatus(_ status: CampaignStatus, timeout: TimeInterval) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await store.campaign(id: campaignId)?.status == status { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        let campaign = try await store.campaign(id: campaignId)
        let counts = try await store.dialStateCounts(campaignId: campaignId)
        throw ProcessFailure(
            "campaign not \(status) within \(Int(timeout)) s: \(campaign?.status.rawValue ?? "?"), stats \(String(describing: campaign?.stats)), states \(counts)"
        )
    }

    func allCalls() async throws -> [Call] {
        var calls: [Call] = []
        var offset = 0
        while true {
            let page = try await store.listCalls(
                CallFilter(campaignId: campaignId), sort: .oldestFirst, page: PageRequest(offset: offset, limit: 500))
            calls += page.items
            offset += page.items.count
            if !page.hasMore { return calls }
        }
    }

    func simRequests() throws -> [SimRequestRecord] {
        let decoder = JSONDecoder()
        return try String(contentsOf: requestLog, encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(SimRequestRecord.self, from: Data($0.utf8))
        }
    }

    /// Every invariant a finished campaign must satisfy. Stats must equal a recount exactly, even
    /// after a SIGKILL: completion replaces them with a recount from the calls.
    func checkFinishedCampaign(contacts: Int) async throws {
        let campaign = try #require(try await store.campaign(id: campaignId))
        #expect(campaign.status == .completed)
        #expect(campaign.lastExecuted != nil)
        let counts = try await store.dialStateCounts(campaignId: campaignId)
        #expect(counts.values.reduce(0, +) == contacts)
        let allFinal = counts.keys.allSatisfy { $0.isFinal }
        #expect(allFinal, "every contact ends terminal: \(counts)")

        let calls = try await allCalls()
        let placed = calls.filter { $0.outcome != "not-placed" }
        let noneLive = calls.allSatisfy { $0.status.isTerminal }
        #expect(noneLive, "no call is left live")
        var byContact: [ObjectId: [Call]] = [:]
        for call in placed { byContact[call.contactId!, default: []].append(call) }
        for (contact, attempts) in byContact {
            #expect(attempts.count <= settings.retryCount + 1, "contact \(contact) had \(attempts.count) attempts")
            let ordered = attempts.sorted { $0.createdAt < $1.createdAt }
            for (earlier, later) in zip(ordered, ordered.dropFirst()) {
                #expect((earlier.endTime ?? .distantFuture) <= later.createdAt.addingTimeInterval(1), "overlapping calls to contact \(contact)")
            }
        }
        let stats = campaign.stats
        func close(_ stored: Int, _ recount: Int, _ what: String) {
            #expect(stored == recount, "stats.\(what) is \(stored), a recount from calls gives \(recount)")
        }
        #expect(stats.totalContacts == contacts)
        close(stats.callsPlaced, placed.count, "callsPlaced")
        close(stats.callsCompleted, placed.filter { $0.status == .completed }.count, "callsCompleted")
        close(stats.callsAnswered, placed.filter { $0.status == .completed && $0.answeredBy == "human" }.count, "callsAnswered")
        close(stats.callsFailed, placed.filter { $0.status != .completed }.count, "callsFailed")
        let durations = placed.filter { $0.status == .completed }.compactMap(\.duration)
        close(stats.durationCount, durations.count, "durationCount")
        close(stats.totalDuration, durations.reduce(0, +), "totalDuration")
    }
}

import DialerCore
import DialerStore
import DialerTestSupport
import Foundation
import Testing

/// Schemathesis against a real dialerd's operator API, with data a short real run left behind:
/// any 5xx, or any reply the OpenAPI document does not allow, fails the test.
@Suite("End to end: schemathesis against the operator API", .serialized)
struct SchemathesisEndToEndTests {
    static let settings = CampaignSettings(
        callDelay: 20, maxConcurrentCalls: 8, retryCount: 1, retryDelay: 200,
        twilio: TwilioCampaignSettings(twiml: "<Response><Say>Hello {{contact_name}}</Say></Response>", record: true))

    @Test(.enabled(if: Schemathesis.shouldRun, Schemathesis.skipReason))
    func theLiveAPIConformsToItsOwnDocument() async throws {
        guard let executable = Schemathesis.executable else {
            Issue.record("CI=true and DIALER_SCHEMATHESIS is not set: scripts/test installs schemathesis and sets it")
            return
        }
        let run = try await CampaignRun(contacts: 24, settings: Self.settings)
        let apiPort = try freeLoopbackPort()
        let dialerd = try run.startDialerd(port: try freeLoopbackPort(), instanceId: "e2e-schemathesis", apiPort: apiPort)
        let api = try OperatorAPI(port: apiPort)
        try await api.waitUntilReady()
        try await run.waitForStatus(.completed, timeout: 120)
        try await Self.seedArtifacts(run)
        let key = try await run.createKey(.admin, name: "schemathesis", instanceId: "e2e-schemathesis")
        await api.close()

        let reports = run.directory.appendingPathComponent("schemathesis")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        let configuration = reports.appendingPathComponent("schemathesis.toml")
        try await Self.configuration(run).write(to: configuration, atomically: true, encoding: .utf8)
        let schemathesis = Schemathesis(
            executable: executable, arguments: Self.arguments(apiPort: apiPort, key: key, configuration: configuration, reports: reports),
            reportDirectory: reports)
        let outcome = try await schemathesis.run()
        print("schemathesis ran \(Int(outcome.seconds)) s, exit \(outcome.status); reports in \(schemathesis.reportDirectory.path)")
        #expect(outcome.status == 0, "schemathesis found problems:\n\(outcome.summary)")
        #expect(dialerd.isRunning, "dialerd died under schemathesis:\n\(dialerd.log.suffix(3000))")
        let serverErrors = dialerd.log.split(separator: "\n").filter { $0.contains("API request failed") }
        #expect(serverErrors.isEmpty, "dialerd logged 5xx replies:\n\(serverErrors.prefix(10).joined(separator: "\n"))")

        dialerd.signal(SIGTERM)
        #expect(try await dialerd.waitForExit() == 0)
        run.sim.signal(SIGTERM)
    }

    /// Every check and phase, on a fixed seed and a bounded number of examples per operation (no
    /// --max-time: with it, fuzzing and stateful repeat until the time is spent, so the cases would
    /// depend on the machine's speed). One worker: with two, hypothesis' lambda descriptions hit
    /// CPython 3.11's "AST constructor recursion depth mismatch" across threads, a runtime error of
    /// the tool's own.
    static func arguments(apiPort: Int, key: String, configuration: URL, reports: URL) -> [String] {
        [
            "--config-file", configuration.path, "run", "http://127.0.0.1:\(apiPort)/api/openapi.json",
            "--header", "Authorization: Bearer \(key)", "--checks", "all", "--phases", "examples,coverage,fuzzing,stateful",
            "--max-examples", "80", "--seed", "20261203", "--workers", "1", "--request-timeout", "10", "--generation-database", "none",
            "--report", "junit,ndjson", "--report-dir", reports.path, "--no-color"
        ]
    }

    /// Half the ids schemathesis sends are ones the database holds, so the campaign actions and
    /// lookups reach their logic instead of answering 404 to random ids.
    static func configuration(_ run: CampaignRun) async throws -> String {
        let campaigns = try await run.store.listCampaigns(statuses: nil, page: PageRequest(offset: 0, limit: 10)).items.compactMap { $0.id?.hex }
        let contacts = try await run.store.listContacts(ContactFilter(), campaign: nil, page: PageRequest(offset: 0, limit: 10)).items
            .compactMap { $0.id?.hex }
        let calls = try await run.allCalls().prefix(10).compactMap(\.callSid)
        func list(_ values: [String]) -> String { "[" + values.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        func binding(_ path: String, _ parameter: String, _ dictionary: String) -> String {
            """
            [[operations]]
            include-path-regex = "\(path)"
            parameters = { "path.\(parameter)" = { dictionary = "\(dictionary)", probability = 0.5 } }

            """
        }
        // A schema-valid body the API cannot act on (it names no stored document, changes nothing,
        // breaks a rule between fields as campaign.json's checks do) is a 422, which the check does
        // not expect by default: a schema cannot say that a referenced call must exist.
        return """
            [checks.positive_data_acceptance]
            expected-statuses = ["2xx", "401", "403", "404", "409", "422"]

            [dictionaries.campaigns]
            values = \(list(campaigns))

            [dictionaries.contacts]
            values = \(list(contacts))

            [dictionaries.calls]
            values = \(list(calls))

            """
                + binding("^/api/db/campaigns/", "id", "campaigns") + binding("^/api/db/contacts/", "id", "contacts")
                + binding("^/api/db/(calls|transcripts)/", "callSid", "calls") + binding("^/api/v1/mongo/calls/", "call_id", "calls")
    }

    /// The run's recordings and events are real (dialer-sim's callbacks); transcripts come from an
    /// agent provider the run did not use, so a few are stored for calls the run made.
    static func seedArtifacts(_ run: CampaignRun) async throws {
        let answered = try await run.allCalls().filter { $0.status == .completed && $0.callSid != nil }
        #expect(answered.count >= 3, "the run left \(answered.count) completed calls")
        let deadline = Date().addingTimeInterval(30)
        while try await run.store.recordings(callSid: answered[0].callSid!).isEmpty {
            guard Date() < deadline else { throw ProcessFailure("no recording arrived for \(answered[0].callSid!)") }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(try await !run.store.callEvents(callSid: answered[0].callSid!).isEmpty)
        for call in answered.prefix(3) {
            try await run.store.upsertTranscript(
                Transcript(
                    callSid: call.callSid!, conversationId: nil,
                    transcript: [
                        TranscriptSegment(role: "agent", message: "Hello \(call.contactName ?? "there")", timeInCallSecs: 0.4),
                        TranscriptSegment(role: "user", message: "Who is this?", timeInCallSecs: 2.1)
                    ], summary: "Greeted the contact", now: Date()))
        }
        // A draft and a paused campaign beside the completed one, so every action has a campaign it applies to.
        for status in [CampaignStatus.draft, .paused] {
            var campaign = Campaign(name: "Schemathesis \(status.rawValue)", status: status, settings: settings, now: Date())
            campaign.callerId = "+14155550000"
            _ = try await run.store.insertCampaign(campaign)
        }
    }
}

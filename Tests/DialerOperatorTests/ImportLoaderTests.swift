import DialerCore
import DialerOperator
import DialerTestSupport
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Campaign import: files checked and errors located by file and line")
struct ImportLoaderTests {
    let now = ISO8601DateFormatter().date(from: "2026-11-23T15:00:00Z")!

    private func load(_ files: [String: String]) -> Result<CampaignBundle, ImportIssues> {
        CampaignBundleLoader.load(files: files, now: now)
    }

    private func issues(_ files: [String: String]) -> [String] {
        guard case .failure(let failure) = load(files) else { return [] }
        return failure.issues.map(\.description)
    }

    private let campaign = #"{"name": "T", "status": "draft", "settings": {"callDelay": 1000}}"#

    @Test(arguments: ["demo", "solar-renewals", "au-dental-recalls", "bland-policy-reviews"])
    func everyExampleLoadsCleanly(_ name: String) throws {
        let files = try CampaignBundleLoader.readDirectory(Repository.examples(name))
        let bundle = try load(files).get()
        #expect(bundle.campaign.validate().isEmpty)
        #expect(bundle.contacts.count >= 8)
        #expect(bundle.contacts.contains { $0.status == .doNotCall }, "every example has a do-not-call contact")
        #expect(bundle.contacts.allSatisfy { (0...10).contains($0.priority) })
        #expect(bundle.contacts.contains { !$0.customFields.isEmpty })
        #expect(Set(bundle.contacts.map(\.phoneNumber)).count == bundle.contacts.count)
        let unexpected = bundle.warnings.filter { !$0.message.contains("do-not-call") && !$0.message.contains("inactive") }
        #expect(unexpected.isEmpty, "every callable example contact has a time zone: \(unexpected)")
    }

    @Test func theDemoSpansUSZonesAndAustraliaAndRunsAtAnyHour() throws {
        let bundle = try load(try CampaignBundleLoader.readDirectory(Repository.examples("demo"))).get()
        let zones = Set(
            bundle.contacts.compactMap { contact -> String? in
                if case .zone(let zone) = ContactTimeZone.resolve(
                    phoneNumber: contact.phoneNumber, customFields: contact.customFields,
                    campaignDefault: bundle.campaign.defaultTimeZone)
                {
                    return zone
                }
                return nil
            })
        #expect(zones.isSuperset(of: ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Australia/Sydney"]))
        #expect(bundle.contacts.count == 12)
        var settings = bundle.campaign.settings
        #expect(settings.twilio?.twiml?.contains("{{contact_name}}") == true, "the demo connects a TwiML template, not the <Say> fallback")
        settings.twilio = nil
        #expect(settings == CampaignSettings(callDelay: 1000, maxConcurrentCalls: 3, retryCount: 1, retryDelay: 5000))
        let window = try #require(bundle.campaign.callingWindow)
        for hour in stride(from: 0.0, to: 7 * 24, by: 1) {
            let instant = now.addingTimeInterval(hour * 3600)
            #expect(zones.allSatisfy { window.isOpen(at: instant, zoneKey: $0) }, "open at \(instant)")
        }
        #expect(bundle.campaign.description?.contains("TCPA") == true)
        let perth = try #require(bundle.contacts.first { $0.phoneNumber == "+61491570156" })
        #expect(perth.customFields["timeZone"] == .string("Australia/Perth"))
        #expect(perth.tags == ["international", "mobile"])
    }

    @Test func csvProblemsAreReportedByRowLine() {
        let csv = """
            phoneNumber,name,priority,status,notes,custom.plan
            +12125550101,Ann,5,active,"two
            line note",gold
            12125550102,Bob,3,active,,silver
            +12125550103,Cy,high,active,,
            +12125550104,Di,11,dead,,
            +12125550101,Ann again,1,active,,
            +12125550105,Short,1
            """
        #expect(
            issues(["campaign.json": campaign, "contacts.csv": csv]) == [
                "contacts.csv:4: phoneNumber: must be an E.164 number such as +14155550100, got \"12125550102\"",
                "contacts.csv:5: priority: must be a whole number from 0 to 10, got \"high\"",
                "contacts.csv:6: priority: must be between 0 and 10, got 11",
                "contacts.csv:6: status: unknown contact status \"dead\"",
                "contacts.csv:7: phoneNumber: +12125550101 is already listed on line 2; a number appears once per campaign",
                "contacts.csv:8: has 3 fields; the header has 6"
            ])
    }

    @Test func csvHeaderAndSyntaxProblems() {
        #expect(
            issues(["campaign.json": campaign, "contacts.csv": "phone,name\n+12125550101,Ann\n"]) == [
                "contacts.csv:1: phone: unknown column; expected phoneNumber, name, email, priority, status, tags, notes, timeZone or custom.<name>",
                "contacts.csv:1: needs a phoneNumber column"
            ])
        #expect(
            issues(["campaign.json": campaign, "contacts.csv": "phoneNumber,name\n+12125550101,Ann\n+12125550102,\"Bob\n"]) == [
                "contacts.csv:3: invalid CSV: a quoted field is never closed"
            ])
    }

    @Test func csvFieldsMapOntoTheContact() throws {
        let csv =
            "phoneNumber,name,email,priority,status,tags,notes,timeZone,custom.plan\n"
            + "+61491570156,Chloe,chloe@example.com,7,do-not-call,a; b,\"said \"\"no\"\"\",Australia/Perth,gold\n"
        let bundle = try load(["campaign.json": campaign, "contacts.csv": csv]).get()
        let contact = try #require(bundle.contacts.first)
        #expect(contact.name == "Chloe" && contact.email == "chloe@example.com" && contact.priority == 7)
        #expect(contact.status == .doNotCall && contact.tags == ["a", "b"] && contact.notes == "said \"no\"")
        #expect(contact.customFields == ["timeZone": .string("Australia/Perth"), "plan": .string("gold")])
        #expect(bundle.warnings.map(\.description) == ["contacts.csv:2: status: +61491570156 is do-not-call and will be skipped, not called"])
    }

    @Test func campaignJSONProblemsPointAtTheirLine() {
        let text = """
            {
              "name": "Spring",
              "status": "completed",
              "callerId": "555-0100",
              "callDely": 5,
              "stats": {"callsPlaced": 3},
              "settings": {
                "callDelay": -1,
                "maxConcurrentCalls": "lots"
              }
            }
            """
        #expect(
            issues(["campaign.json": text, "contacts.csv": "phoneNumber\n+12125550101\n"]) == [
                "campaign.json:5: callDely: unknown field; expected one of agentId, agentPhoneNumberId, callerId, callingWindow, defaultTimeZone, "
                    + "description, firstMessage, name, nextExecution, prompt, provider, region, settings, sheetInfo, status",
                "campaign.json:6: stats: is set by the loader or the engine; remove it",
                "campaign.json:9: settings.maxConcurrentCalls: must be a whole number"
            ])
        let valid = text.replacingOccurrences(of: #""lots""#, with: "0").replacingOccurrences(of: "  \"callDely\": 5,\n", with: "")
            .replacingOccurrences(of: "  \"stats\": {\"callsPlaced\": 3},\n", with: "")
        #expect(
            issues(["campaign.json": valid, "contacts.csv": "phoneNumber\n+12125550101\n"]) == [
                "campaign.json:6: settings.callDelay: must be between 0 and 3600000 milliseconds, got -1",
                "campaign.json:7: settings.maxConcurrentCalls: must be between 1 and 1000, got 0",
                "campaign.json:4: callerId: must be an E.164 number such as +14155550100, got \"555-0100\"",
                "campaign.json:3: status: an import creates a \"draft\" or \"active\" campaign, not \"completed\""
            ])
    }

    @Test func providerSettingsProblemsPointAtTheirLine() {
        let text = """
            {
              "name": "Agent",
              "provider": "twilio",
              "settings": {
                "twilio": {
                  "url": "agent.example.com/twiml",
                  "machineDetection": "enable",
                  "ringTimout": 20,
                  "record": "yes"
                },
                "bland": {"voice": "maya"}
              }
            }
            """
        let contacts = ["contacts.csv": "phoneNumber\n+12125550101\n"]
        #expect(
            issues(["campaign.json": text].merging(contacts) { $1 }) == [
                "campaign.json:8: settings.twilio.ringTimout: unknown field; expected one of machineDetection, machineDetectionTimeout, record, "
                    + "ringTimeout, timeLimit, twiml, url",
                "campaign.json:9: settings.twilio.record: must be true or false"
            ])
        let typed = text.replacingOccurrences(of: "\"yes\"", with: "true").replacingOccurrences(of: "      \"ringTimout\": 20,\n", with: "")
        #expect(
            issues(["campaign.json": typed].merging(contacts) { $1 }) == [
                "campaign.json:6: settings.twilio.url: must be an absolute http or https URL such as https://agent.example.com/twiml, "
                    + "got \"agent.example.com/twiml\"",
                "campaign.json:7: settings.twilio.machineDetection: must be one of \"Enable\", \"DetectMessageEnd\", \"off\", got \"enable\"",
                "campaign.json:10: settings.bland: applies to provider \"bland\", but this campaign's provider is \"twilio\""
            ])
    }

    /// A pre-dial check is checked on import like every setting: its own field names, then its values; an
    /// import cannot set the engine's pauseReason.
    @Test func aPreDialCheckIsValidatedOnImport() {
        let contacts = "phoneNumber\n+12125550101\n"
        let typo = """
            {
              "name": "Spring",
              "pauseReason": "x",
              "settings": {"preDialCheck": {"url": "https://crm.example.com/check", "timeout": 500}}
            }
            """
        #expect(
            issues(["campaign.json": typo, "contacts.csv": contacts]) == [
                "campaign.json:3: pauseReason: is set by the loader or the engine; remove it",
                "campaign.json:4: settings.preDialCheck.timeout: unknown field; expected one of preDialFailure, timeoutMs, url"
            ])
        let bad = #"{"name": "Spring", "settings": {"preDialCheck": {"url": "ftp://crm", "preDialFailure": "retry"}}}"#
        #expect(issues(["campaign.json": bad, "contacts.csv": contacts]).contains { $0.contains("settings.preDialCheck.preDialFailure") })
        let good = #"{"name": "Spring", "settings": {"preDialCheck": {"url": "https://crm.example.com/check", "timeoutMs": 1500}}}"#
        let bundle = try? load(["campaign.json": good, "contacts.csv": contacts]).get()
        #expect(bundle?.campaign.settings.preDialCheck == PreDialCheck(url: "https://crm.example.com/check", timeoutMs: 1500))
    }

    @Test func jsonSyntaxErrorsGiveLineAndColumn() {
        let text = "{\n  \"name\": \"X\",\n  \"status\": \"draft\"\n  \"settings\": {}\n}"
        #expect(
            issues(["campaign.json": text, "contacts.csv": "phoneNumber\n+12125550101\n"]) == [
                "campaign.json:4: invalid JSON at column 3: expected ',' or '}' after the value of \"status\""
            ])
    }

    @Test func contactsJSONProblemsPointAtTheRecordOrField() {
        let contacts = """
            [
              {"phoneNumber": "+12125550101", "name": "Ann"},
              {
                "phoneNumber": "+12125550102",
                "priority": "high"
              },
              {"name": "No number"},
              {"phoneNumber": "+12125550103", "campaignIds": ["x"], "email": "not-an-email"},
              {"phoneNumber": "+12125550104", "customFields": {"timeZone": "Mars/Olympus"}}
            ]
            """
        #expect(
            issues(["campaign.json": campaign, "contacts.json": contacts]) == [
                "contacts.json:5: priority: must be a whole number",
                "contacts.json:7: phoneNumber: is required",
                "contacts.json:8: campaignIds: is set by the loader or the engine; remove it",
                "contacts.json:8: email: is not an email address: \"not-an-email\"",
                "contacts.json:9: timeZone: must be an IANA time zone such as Australia/Sydney, got \"Mars/Olympus\""
            ])
    }

    @Test func missingAndConflictingFiles() {
        #expect(issues(["contacts.csv": "phoneNumber\n+12125550101\n"]) == ["campaign.json: missing: every import needs a campaign.json"])
        #expect(issues(["campaign.json": campaign]) == ["contacts.csv: missing: add contacts.csv or contacts.json"])
        #expect(
            issues(["campaign.json": campaign, "contacts.csv": "phoneNumber\n+12125550101\n", "contacts.json": "[]"]) == [
                "contacts.json: both contacts.csv and contacts.json are present; keep one"
            ])
        #expect(issues(["campaign.json": campaign, "contacts.csv": "phoneNumber\n"]) == ["contacts.csv:1: has no contacts below the header"])
    }

    // MARK: What a path import may read

    /// A fresh directory holding a valid campaign.json, for one file under test beside it.
    private func bundleDirectory() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dialer-import-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(campaign.utf8).write(to: URL(fileURLWithPath: directory + "/campaign.json"))
        return directory
    }

    private func refusal(_ directory: String) -> [String] {
        do {
            _ = try CampaignBundleLoader.readDirectory(directory)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func aSymbolicLinkIsRefusedNotFollowed() throws {
        let directory = try bundleDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outside = directory + "-outside.csv"
        try Data("phoneNumber\n+12125550101\n".utf8).write(to: URL(fileURLWithPath: outside))
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: directory + "/contacts.csv", withDestinationPath: outside)
        #expect(refusal(directory) == ["contacts.csv: is a symbolic link; an import reads regular files only"])
    }

    @Test func anOversizedFileIsRefusedFromItsSizeWithoutBeingRead() throws {
        let directory = try bundleDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Sparse: 64 GiB that takes no disk, and more than this machine could read into memory.
        let path = directory + "/contacts.csv"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, 64 << 30) == 0)
        let started = ContinuousClock.now
        #expect(refusal(directory) == ["contacts.csv: is \(64 << 30) bytes; an import file may be at most 8388608 bytes"])
        #expect(ContinuousClock.now - started < .seconds(2), "judged by its size, not read")
    }

    @Test func aFileJustOverTheLimitIsRefusedAndOneAtTheLimitIsRead() throws {
        let directory = try bundleDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let limit = CampaignBundleLoader.maxFileBytes
        let header = "phoneNumber\n"
        let path = directory + "/contacts.csv"
        try Data((header + String(repeating: "\n", count: limit - header.utf8.count)).utf8).write(to: URL(fileURLWithPath: path))
        #expect(try CampaignBundleLoader.readDirectory(directory)["contacts.csv"]?.utf8.count == limit)
        try Data((header + String(repeating: "\n", count: limit + 1 - header.utf8.count)).utf8).write(to: URL(fileURLWithPath: path))
        #expect(refusal(directory) == ["contacts.csv: is \(limit + 1) bytes; an import file may be at most \(limit) bytes"])
    }

    @Test func aDirectoryInPlaceOfAFileIsRefused() throws {
        let directory = try bundleDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/contacts.json", withIntermediateDirectories: false)
        #expect(refusal(directory) == ["contacts.json: is not a regular file (a directory)"])
    }

    @Test func aFIFOIsRefusedRatherThanWaitedOn() throws {
        let directory = try bundleDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/contacts.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<[String]?>(nil)
        DispatchQueue.global().async {
            let issues = refusal(directory)
            result.withLock { $0 = issues }
            done.signal()
        }
        // Bounded so that a reader stuck on the FIFO fails the test instead of hanging it: a
        // writer that opens and closes the FIFO gives the stuck reader its end of file.
        if done.wait(timeout: .now() + 10) == .timedOut {
            Issue.record("reading the import blocked on a FIFO")
            let writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
            done.wait()
        }
        #expect(result.withLock { $0 } == ["contacts.csv: is not a regular file (a FIFO)"])
    }
}

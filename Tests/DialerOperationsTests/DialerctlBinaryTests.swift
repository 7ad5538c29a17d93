import DialerControl
import DialerCore
import DialerOperations
import DialerOperator
import DialerStore
import DialerTestSupport
import Foundation
import Testing

/// Runs the built `dialerctl` against a test server, as an operator would.
@Suite("dialerctl binary against a live control socket")
struct DialerctlBinaryTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL? = {
        let built = BuiltProducts.executable("dialerctl")
        return FileManager.default.isExecutableFile(atPath: built.path) ? built : nil
    }()

    func dialerctl(_ arguments: [String], socket: String?) async throws -> Run {
        let binary = try #require(Self.binary, "build dialerctl first (swift build --build-tests builds every product)")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DIALER_SOCKET"] = socket
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                continuation.resume(returning: Run(status: finished.terminationStatus, stdout: stdout, stderr: stderr))
            }
            do {
                try process.run()
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }

    @Test func listPrintsATableAndJSON() async throws {
        try await withHarness { h in
            let id = try await h.campaign("Spring renewals", contacts: 2)
            let table = try await dialerctl(["list"], socket: h.socketPath)
            #expect(table.status == 0, "stderr: \(table.stderr)")
            let lines = table.stdout.split(separator: "\n")
            #expect(lines.first?.hasPrefix("ID                        NAME") == true)
            #expect(lines.dropFirst().first?.hasPrefix("\(id.hex)  Spring renewals  active") == true)

            let json = try await dialerctl(["list", "--json", "--status", "active", "--socket", h.socketPath], socket: nil)
            #expect(json.status == 0)
            let response = try ControlReply.parse(Data(json.stdout.utf8))
            guard case .response(let decoded) = response else {
                Issue.record("not a response: \(json.stdout)")
                return
            }
            #expect(try decoded.result(as: CampaignList.self).campaigns.map(\.id) == [id.hex])
        }
    }

    @Test func exitStatusesMeanSomething() async throws {
        try await withHarness { h in
            let completed = try await h.campaign("Done", status: .completed)
            let missing = try await dialerctl(["pause", ObjectId().hex], socket: h.socketPath)
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("not_found"))
            let invalid = try await dialerctl(["resume", completed.hex], socket: h.socketPath)
            #expect(invalid.status == 1)
            #expect(invalid.stderr.contains("invalid_transition"))
            let usage = try await dialerctl(["show", "not-an-id"], socket: h.socketPath)
            #expect(usage.status == 2)
            #expect(usage.stderr.contains("24 hex digits"))
            let unknownFlag = try await dialerctl(["list", "--colour"], socket: h.socketPath)
            #expect(unknownFlag.status == 2)
            let help = try await dialerctl(["--help"], socket: h.socketPath)
            #expect(help.status == 0 && help.stdout.contains("watch"))
        }
        let nobody = try await dialerctl(["status"], socket: "/tmp/dct-none-\(UUID().uuidString.prefix(6))/x.sock")
        #expect(nobody.status == 3)
        #expect(nobody.stderr.contains("cannot connect"))
    }

    @Test func importReportsProblemsByFileAndLine() async throws {
        let bad = try TempSocketDirectory()
        defer { bad.remove() }
        try Data(#"{"name": "Bad", "status": "draft"}"#.utf8).write(to: URL(fileURLWithPath: bad.path + "/campaign.json"))
        try Data("phoneNumber,name\n+12125550101,Ann\n(212) 555-0102,Bob\n".utf8).write(to: URL(fileURLWithPath: bad.path + "/contacts.csv"))
        try await withHarness { h in
            let failed = try await dialerctl(["import", bad.path], socket: h.socketPath)
            #expect(failed.status == 1)
            #expect(failed.stderr.contains("\(bad.path)/contacts.csv:3: phoneNumber: must be an E.164 number"))
            #expect(try await h.store.listCampaigns(statuses: nil, page: PageRequest()).total == 0)

            let imported = try await dialerctl(["import", Repository.examples("demo")], socket: h.socketPath)
            #expect(imported.status == 0, "stderr: \(imported.stderr)")
            #expect(imported.stdout.contains("Imported \"Demo: appointment reminders\""))
            #expect(imported.stdout.contains("with 12 contacts"))
            #expect(imported.stdout.contains("contacts.csv:13: status: +12125550199 is do-not-call"))
        }
    }

    @Test func watchPrintsPlainLinesWhenPipedAndExitsWhenTheCampaignCompletes() async throws {
        try await withHarness { h in
            let id = try await h.campaign("Demo", contacts: 3)
            let watching = Task { try await dialerctl(["watch", id.hex], socket: h.socketPath) }
            // The first frame is out once the watch sleeps on the server's clock.
            while h.clock.sleeperCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
            _ = try await h.store.transitionCampaign(id: id, from: [.active], to: .completed, now: h.clock.now.date)
            h.clock.advance(by: .seconds(1))
            let run = try await watching.value
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let lines = run.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 3)
            #expect(lines[0].contains("Demo") && lines[0].contains("0/3 done") && lines[0].hasSuffix("active"))
            #expect(lines[1].hasSuffix("completed"))
            #expect(lines[2] == "Demo: completed — 0/3 done, 0 answered, 0 failed")
            #expect(!run.stdout.contains("\u{1B}["), "no cursor movement when not on a terminal")
        }
    }
}

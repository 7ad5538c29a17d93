import DialerCore
import DialerHTTP
import DialerSim
import DialerStore
import DialerTestSupport
import Foundation
import Testing

/// Starts real dialerd processes with known secrets in their configuration, drives them down
/// failing paths (the provider refuses our credentials with 401, forged webhooks, an unreachable
/// database with a password in its URI, a bad configuration), and checks that none of the secrets
/// appears in anything dialerd writes or answers: its output in JSON and text, control-socket
/// replies, `/metrics` and `/readyz`.
@Suite("End to end: no secret reaches a log, a reply or /metrics", .serialized)
struct SecretsEndToEndTests {
    static let twilioAuthToken = "tw-SECRET-auth-token-7f3a"
    static let elevenLabsApiKey = "el-SECRET-api-key-91c2"
    static let elevenLabsWebhookSecret = "el-SECRET-webhook-5d0e"
    static let blandApiKey = "bl-SECRET-api-key-22aa"
    static let blandWebhookSecret = "bl-SECRET-webhook-8b1f"
    static let mongoPassword = "mongo-SECRET-pw-4c4c"
    static let secrets = [twilioAuthToken, elevenLabsApiKey, elevenLabsWebhookSecret, blandApiKey, blandWebhookSecret, mongoPassword]

    static let settings = CampaignSettings(callDelay: 20, maxConcurrentCalls: 5, retryCount: 1, retryDelay: 200)

    func secretEnvironment(simPort: Int) -> [String: String] {
        [
            "DIALER_ELEVENLABS_API_KEY": Self.elevenLabsApiKey, "DIALER_ELEVENLABS_WEBHOOK_SECRET": Self.elevenLabsWebhookSecret,
            "DIALER_ELEVENLABS_BASE_URL": "http://127.0.0.1:\(simPort)", "DIALER_BLAND_API_KEY": Self.blandApiKey,
            "DIALER_BLAND_WEBHOOK_SECRET": Self.blandWebhookSecret, "DIALER_BLAND_BASE_URL": "http://127.0.0.1:\(simPort)"
        ]
    }

    func leaks(in text: String) -> [String] { Self.secrets.filter { text.contains($0) } }

    @Test(arguments: ["json", "text"])
    func aRunWhoseProviderRejectsOurCredentialsLeaksNoSecret(format: String) async throws {
        // The sim expects another token, so a create-call is refused with 401 (20003): the campaign pauses.
        let run = try await CampaignRun(contacts: 12, settings: Self.settings, simAuthToken: "the-token-the-sim-expects")
        let port = try freeLoopbackPort()
        let instance = "e2e-secrets-\(format)"
        let apiPort = try freeLoopbackPort()
        let key = try await run.issueKey()
        let dialerd = try run.startDialerd(
            port: port, instanceId: instance, extra: ["--log-format", format, "--log-level", "debug"],
            environment: secretEnvironment(simPort: run.simPort), authToken: Self.twilioAuthToken, apiPort: apiPort)
        // Both listeners print this line; each test needs both up.
        _ = try await dialerd.waitForLine(containing: "Server started and listening on 127.0.0.1:\(port)")
        _ = try await dialerd.waitForLine(containing: "Server started and listening on 127.0.0.1:\(apiPort)")
        try await run.waitForStatus(.paused, timeout: 120)
        let calls = try await run.allCalls()
        #expect(
            calls.count == 1 && calls.allSatisfy { $0.outcome == "not-placed" && $0.errorCode == "20003" },
            "one refused attempt, withdrawn: bad credentials consume no contact")

        var answers: [String] = []
        let http = try CurlHTTPClient()
        for path in [
            "/webhooks/twilio/status?attemptId=x", "/webhooks/twilio/recording", "/webhooks/twilio/amd",
            "/webhooks/elevenlabs", "/webhooks/bland"
        ] {
            let response = try await http.send(
                HTTPRequest(
                    method: "POST", url: "http://127.0.0.1:\(port)\(path)",
                    headers: [
                        HTTPHeader("Content-Type", "application/x-www-form-urlencoded"), HTTPHeader("X-Twilio-Signature", "forged"),
                        HTTPHeader("ElevenLabs-Signature", "t=1,v0=forged"), HTTPHeader("X-Webhook-Signature", "forged")
                    ],
                    body: Array("CallSid=CA1&CallStatus=completed".utf8)))
            #expect(response.status == 403, "\(path) accepted a forged signature")
            answers.append(String(decoding: response.body, as: UTF8.self))
        }
        // /metrics is on the operator listener, behind a key; the health routes answer on both.
        for (listener, path) in [(apiPort, "/metrics"), (port, "/readyz"), (port, "/healthz")] {
            let response = try await http.send(
                HTTPRequest(method: "GET", url: "http://127.0.0.1:\(listener)\(path)", headers: [HTTPHeader("Authorization", "Bearer \(key)")]))
            answers.append(String(decoding: response.body, as: UTF8.self))
        }
        await http.shutdown()
        let metrics = answers[answers.count - 3]
        #expect(metrics.contains(#"dialer_calls_placed_total{provider="twilio",outcome="account_error"}"#))
        #expect(metrics.contains("dialer_webhook_signature_failures_total"))

        for arguments in [["status"], ["list"], ["show", run.campaignId.hex]] {
            let ctl = try ManagedProcess("dialerctl", arguments + ["--json", "--socket", run.controlSocket(instance)], directory: run.directory)
            #expect(try await ctl.waitForExit() == 0, "dialerctl \(arguments): \(ctl.log)")
            answers.append(ctl.log)
        }
        let shown = answers.last ?? ""
        #expect(shown.contains("pauseReason") && shown.contains("twilio 20003: Authenticate"), "show names the error: \(shown)")
        dialerd.signal(SIGTERM)
        #expect(try await dialerd.waitForExit() == 0)
        run.sim.signal(SIGTERM)

        let output = dialerd.log
        #expect(leaks(in: output).isEmpty, "dialerd's \(format) output shows \(leaks(in: output))")
        #expect(leaks(in: answers.joined(separator: "\n")).isEmpty, "replies show \(leaks(in: answers.joined()))")
        #expect(!(output + answers.joined()).contains(key.suffix(40)), "the API key reached the log or a reply")
        #expect(!output.contains("***"), "the log scrubber had to act, so something printed a secret:\n\(output)")
        #expect(output.contains("campaign paused"), "the failing path was logged")
        try checkCallLines(output, format: format)
    }

    /// Every line about a call names its campaign, contact and attempt; JSON output is one object per line.
    func checkCallLines(_ output: String, format: String) throws {
        let lines = output.split(separator: "\n").map(String.init)
        let callLines = lines.filter { $0.contains("provider refused the call") || $0.contains("call ended") }
        #expect(!callLines.isEmpty)
        for line in callLines {
            let named = ["campaignId", "contactId", "attemptId"].allSatisfy { line.contains(format == "json" ? "\"\($0)\":" : "\($0)=") }
            #expect(named, "a call's log line lacks its ids: \(line)")
        }
        guard format == "json" else { return }
        for line in lines {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["timestamp"] != nil && object?["level"] != nil && object?["message"] != nil, "not a JSON log line: \(line)")
        }
    }

    @Test(arguments: ["json", "text"])
    func anUnreachableDatabaseWithAPasswordInItsURIIsReportedWithoutIt(format: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dialer-secrets-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let closed = try freeLoopbackPort()
        let dialerd = try ManagedProcess(
            "dialerd",
            [
                "serve", "--mongo-uri", "mongodb://dialer:\(Self.mongoPassword)@127.0.0.1:\(closed)/dialer?serverSelectionTimeoutMS=300",
                "--public-url", "http://127.0.0.1:1", "--bind", "127.0.0.1:\(try freeLoopbackPort())", "--api-bind",
                "127.0.0.1:\(try freeLoopbackPort())",
                "--log-format", format, "--log-level", "trace",
                "--twilio-account-sid", CampaignRun.accountSid, "--twilio-auth-token", Self.twilioAuthToken,
                "--control-socket", directory.appendingPathComponent("ctl.sock").path
            ], environment: secretEnvironment(simPort: 1), directory: directory)
        let status = try await dialerd.waitForExit(timeout: 60)
        #expect(status != 0, "dialerd cannot start without its database")
        #expect(dialerd.log.contains("***") || dialerd.log.contains("127.0.0.1:\(closed)"), "the error names the database: \(dialerd.log)")
        #expect(leaks(in: dialerd.log).isEmpty, "start-up failure output shows \(leaks(in: dialerd.log)):\n\(dialerd.log)")
        #expect(dialerd.log.contains("dialerd stopped on an error"), "the failure is logged through the log handler")
        if format == "json" {
            let plain = dialerd.log.split(separator: "\n").filter { !$0.hasPrefix("{") }
            #expect(plain.isEmpty, "non-JSON output in JSON mode: \(plain)")
        }
    }

    @Test func aBadConfigurationIsReportedWithoutTheSecretsBesideIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dialer-secrets-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("dialerd.json")
        try Data(
            """
            {"mongoUri": "mongodb://dialer:\(Self.mongoPassword)@127.0.0.1:1/dialer", "publicUrl": "not a url", "cps": "fast",
             "twilioAccountSid": "XX123", "twilioAuthToken": "\(Self.twilioAuthToken)", "blandApiKey": "\(Self.blandApiKey)",
             "logFormat": "yaml"}
            """.utf8
        ).write(to: config)
        let dialerd = try ManagedProcess(
            "dialerd", ["serve", "--config", config.path], environment: secretEnvironment(simPort: 1), directory: directory)
        #expect(try await dialerd.waitForExit() == 78)
        #expect(dialerd.log.contains("cps"), "each problem is named: \(dialerd.log)")
        #expect(leaks(in: dialerd.log).isEmpty, "configuration errors show \(leaks(in: dialerd.log)):\n\(dialerd.log)")
    }
}

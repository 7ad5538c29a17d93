import DialerCore
import DialerHTTP
import DialerSim
import DialerStore
import DialerTestSupport
import Foundation
import Testing

@Suite("End to end: test database, dialer-sim and a real dialerd", .serialized)
struct CampaignEndToEndTests {
    static let settings = CampaignSettings(callDelay: 40, maxConcurrentCalls: 12, retryCount: 1, retryDelay: 500)

    @Test func aCampaignOfTwoHundredContactsWithMixedOutcomesCompletes() async throws {
        let run = try await CampaignRun(contacts: 200, settings: Self.settings)
        let port = try freeLoopbackPort()
        // Nothing here needs the reconciler. With it 3 s behind, a loaded machine (load 18 on 2 cores)
        // let a claim age past it before its call was stored, and the fence's duplicate key counted
        // as a store error; that race is the simulation's to check, not this run's.
        let apiPort = try freeLoopbackPort()
        let key = try await run.issueKey()
        let dialerd = try run.startDialerd(port: port, instanceId: "e2e-a", reconcileAfterSeconds: 60, apiPort: apiPort)
        // Both listeners print this line; each test needs both up.
        _ = try await dialerd.waitForLine(containing: "Server started and listening on 127.0.0.1:\(port)")
        _ = try await dialerd.waitForLine(containing: "Server started and listening on 127.0.0.1:\(apiPort)")
        let http = try CurlHTTPClient()
        for (path, expected) in [("healthz", "ok"), ("readyz", #""ready":true"#)] {
            let response = try await http.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/\(path)"))
            #expect(response.status == 200, "/\(path) answered \(response.status)")
            #expect(String(decoding: response.body, as: UTF8.self).contains(expected))
        }
        // A forged callback: refused, and counted as a signature failure.
        let forged = try await http.send(
            HTTPRequest(
                method: "POST", url: "http://127.0.0.1:\(port)/webhooks/twilio/status?attemptId=x",
                headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded"), HTTPHeader("X-Twilio-Signature", "forged")],
                body: Array("CallSid=CA1&CallStatus=completed".utf8)))
        #expect(forged.status == 403)
        await http.shutdown()

        let mid = try await scrapeMidRun(run, apiPort: apiPort, key: key)
        #expect(mid.missingNames.isEmpty, "mid-run /metrics lacks \(mid.missingNames)")
        #expect(mid.sum("dialer_calls_placed_total", matching: [#"provider="twilio""#, #"outcome="placed""#]) > 0)
        #expect(mid.value(#"dialer_calls_in_flight{campaign="\#(run.campaignId.hex)"}"#) != nil)
        #expect(mid.value("dialer_leases_held") == 1)
        #expect(mid.value("dialer_cps_cap") == 50)
        #expect(mid.sum("dialer_claim_duration_seconds_count") > 0)
        #expect(mid.sum("dialer_provider_request_duration_seconds_count", matching: [#"operation="place_call""#]) > 0)
        #expect(mid.sum("dialer_webhook_requests_total", matching: [#"route="twilioStatus""#, #"result="ok""#]) > 0)
        #expect(mid.value(#"dialer_webhook_signature_failures_total{route="twilioStatus"}"#) == 1)
        #expect(mid.sum("dialer_store_operations_total", matching: [#"operation="claimNextContact""#]) > 0)

        try await run.waitForStatus(.completed, timeout: 300)
        try await run.checkFinishedCampaign(contacts: 200)
        let end = try await MetricsScrape.fetch(apiPort: apiPort, key: key)
        try end.text.write(to: run.directory.appendingPathComponent("metrics-end.txt"), atomically: true, encoding: .utf8)
        let placedBySim = try run.simRequests().filter { $0.method == "POST" && $0.path.hasSuffix("/Calls.json") }.count
        #expect(
            end.sum("dialer_calls_placed_total", matching: [#"outcome="placed""#]) == Double(placedBySim),
            "every call the sim accepted is counted once")
        #expect(end.value("dialer_leases_held") == 0, "the completed campaign's lease is released")
        #expect(end.value(#"dialer_calls_in_flight{campaign="\#(run.campaignId.hex)"}"#) == nil, "a finished campaign's series is dropped")
        #expect(end.sum("dialer_store_errors_total") == 0)

        let creates = try run.simRequests().filter { $0.method == "POST" && $0.path.hasSuffix("/Calls.json") }.map(\.arrival).sorted()
        let gaps = zip(creates, creates.dropFirst()).map { $1.timeIntervalSince($0) }
        let smallest = gaps.min() ?? 1
        let sortedGaps = gaps.sorted()
        let median = sortedGaps.isEmpty ? 1 : sortedGaps[sortedGaps.count / 2]
        // callDelay (40 ms) is held where requests leave dialerd; the sim sees them after loopback
        // transport, whose jitter on a loaded machine is a few milliseconds either way.
        #expect(smallest >= 0.025, "callDelay not held: smallest gap between call creations \(smallest * 1000) ms")
        #expect(median >= 0.039, "median gap \(median * 1000) ms is below callDelay")

        dialerd.signal(SIGTERM)
        #expect(try await dialerd.waitForExit() == 0, "dialerd exits 0 on SIGTERM")
        run.sim.signal(SIGTERM)
    }

    /// Scrapes once the run is under way and CPS is in use (the limiter counts grants in the last second).
    func scrapeMidRun(_ run: CampaignRun, apiPort: Int, key: String) async throws -> MetricsScrape {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if try await run.store.campaign(id: run.campaignId)?.stats.callsPlaced ?? 0 >= 10 {
                let scrape = try await MetricsScrape.fetch(apiPort: apiPort, key: key)
                if scrape.value("dialer_cps_in_use") ?? 0 > 0 {
                    try scrape.text.write(to: run.directory.appendingPathComponent("metrics-mid.txt"), atomically: true, encoding: .utf8)
                    print("mid-run /metrics saved to \(run.directory.path)/metrics-mid.txt")
                    return scrape
                }
            }
            // Gently: the test database is slow, and this poll competes with the run it watches.
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ProcessFailure("no mid-run scrape with CPS in use")
    }

    @Test func killingDialerdMidCampaignAndRestartingFinishesWithNoDoubleDial() async throws {
        let run = try await CampaignRun(contacts: 120, settings: Self.settings)
        let first = try run.startDialerd(port: try freeLoopbackPort(), instanceId: "e2e-first")
        let deadline = Date().addingTimeInterval(120)
        while try await run.store.campaign(id: run.campaignId)?.stats.callsPlaced ?? 0 < 40 {
            guard Date() < deadline else { throw ProcessFailure("no progress before the kill") }
            try await Task.sleep(for: .milliseconds(50))
        }
        first.signal(SIGKILL)
        _ = try await first.waitForExit()
        let secondAPIPort = try freeLoopbackPort()
        let second = try run.startDialerd(port: try freeLoopbackPort(), instanceId: "e2e-second", apiPort: secondAPIPort)
        try await run.waitForStatus(.completed, timeout: 300)
        try await run.checkFinishedCampaign(contacts: 120)
        // The calls the killed instance left behind were finished by the reconciler.
        let scrape = try await MetricsScrape.fetch(apiPort: secondAPIPort, key: try await run.issueKey())
        #expect(scrape.sum("dialer_reconciler_actions_total") > 0, "reconciler actions after a kill:\n\(scrape.text)")

        let creates = try run.simRequests().filter { $0.method == "POST" && $0.path.hasSuffix("/Calls.json") }
        let attemptIds = creates.compactMap {
            $0.queryValue("attemptId")
                ?? $0.formValues("StatusCallback").first?.split(separator: "#").first?.split(separator: "=").last.map(String.init)
        }
        #expect(attemptIds.count == Set(attemptIds).count, "an attempt was dialed twice")
        second.signal(SIGTERM)
        _ = try await second.waitForExit()
        run.sim.signal(SIGTERM)
    }
}

import DialerCore
import DialerHTTP
import DialerSim
import DialerStore
import DialerTestSupport
import Foundation
import Testing

@Suite("End to end: graceful shutdown (SIGTERM and dialerctl drain --wait)", .serialized)
struct ShutdownEndToEndTests {
    /// Calls long enough (time scale 0.1: a one-minute call lasts 6 s) that some are still live
    /// at a 1.5 s drain deadline, and some end inside it.
    static let settings = CampaignSettings(callDelay: 40, maxConcurrentCalls: 10, retryCount: 1, retryDelay: 500)

    @Test func sigtermMidRunExitsZeroKeepsLeasesOfLiveCallsAndARestartFinishesEverything() async throws {
        let run = try await CampaignRun(contacts: 60, settings: Self.settings, timeScale: 0.1)
        let instance = "e2e-drain"
        let firstPort = try freeLoopbackPort()
        let first = try run.startDialerd(port: firstPort, instanceId: instance, extra: ["--drain-seconds", "1.5"])
        let deadline = Date().addingTimeInterval(120)
        while try await run.store.campaign(id: run.campaignId)?.stats.callsPlaced ?? 0 < 15 {
            guard Date() < deadline else { throw ProcessFailure("no progress before SIGTERM:\n\(first.log.suffix(2000))") }
            try await Task.sleep(for: .milliseconds(50))
        }
        let signalled = Date()
        first.signal(SIGTERM)
        // While it drains, the instance says it is not ready, and why.
        let http = try CurlHTTPClient()
        // The signal is handled asynchronously: allow it a moment (well inside the 1.5 s drain).
        var ready = try await http.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(firstPort)/readyz"))
        for _ in 0..<20 where ready.status == 200 {
            try await Task.sleep(for: .milliseconds(20))
            ready = try await http.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(firstPort)/readyz"))
        }
        await http.shutdown()
        #expect(ready.status == 503, "/readyz while draining answered \(ready.status)")
        #expect(String(decoding: ready.body, as: UTF8.self).contains(#""stopping":true"#))
        let status = try await first.waitForExit(timeout: 60)
        let timeToExit = Date().timeIntervalSince(signalled)
        print("SIGTERM → exit \(status) after \(String(format: "%.2f", timeToExit)) s (drainSeconds 1.5)")
        #expect(status == 0, "dialerd exits 0 on SIGTERM; output:\n\(first.log.suffix(3000))")
        #expect(timeToExit < 1.5 + 10, "exit took \(timeToExit) s; output:\n\(first.log.suffix(6000))")
        #expect(first.log.contains("draining"), "the drain is logged")

        // No call the sim placed is lost: each has its call document, found by our attemptId.
        let attemptIds = try run.simRequests().filter { $0.method == "POST" && $0.path.hasSuffix("/Calls.json") }.compactMap(Self.attemptId)
        #expect(!attemptIds.isEmpty)
        var live = 0
        for attemptId in attemptIds {
            let call = try await run.store.call(.attemptId(attemptId))
            #expect(call != nil, "the sim placed attempt \(attemptId), which has no call document")
            if let call, !call.status.isTerminal { live += 1 }
        }
        let campaign = try #require(try await run.store.campaign(id: run.campaignId))
        print("at exit: \(attemptIds.count) calls placed, \(live) still live; lease owner \(campaign.leaseOwner ?? "none")")
        if live > 0 {
            #expect(campaign.leaseOwner == instance, "calls still live at the deadline keep their campaign leased to \(instance)")
        }
        #expect(campaign.status == .active, "a drain does not change the campaign's status")

        // A restart of the same instance takes its lease back, finishes the live calls and the rest.
        let port = try freeLoopbackPort()
        let second = try run.startDialerd(port: port, instanceId: instance)
        try await run.waitForStatus(.completed, timeout: 300)
        try await run.checkFinishedCampaign(contacts: 60)

        // `dialerctl drain --wait` returns once dialerd has drained and gone, and dialerd exits 0.
        let drainStarted = Date()
        let ctl = try ManagedProcess(
            "dialerctl", ["drain", "--wait", "--timeout", "60", "--socket", run.controlSocket(instance)],
            directory: run.directory)
        let ctlStatus = try await ctl.waitForExit(timeout: 90)
        let drainTook = Date().timeIntervalSince(drainStarted)
        print("dialerctl drain --wait → exit \(ctlStatus) after \(String(format: "%.2f", drainTook)) s: \(ctl.log)")
        #expect(ctlStatus == 0, "dialerctl drain --wait: \(ctl.log)")
        #expect(ctl.log.contains("exited"))
        // The control socket goes last: once it is gone, a successor can take the webhook port.
        #expect(loopbackPortIsFree(port), "dialerd still held its webhook port when drain --wait returned")
        #expect(try await second.waitForExit(timeout: 30) == 0, "dialerd exits 0 after a drain; output:\n\(second.log.suffix(3000))")
        run.sim.signal(SIGTERM)
    }

    static func attemptId(_ request: SimRequestRecord) -> String? {
        request.queryValue("attemptId")
            ?? request.formValues("StatusCallback").first?.split(separator: "#").first?.split(separator: "=").last.map(String.init)
    }
}

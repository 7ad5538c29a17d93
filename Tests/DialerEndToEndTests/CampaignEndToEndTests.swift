import DialerCore
import DialerSim
import DialerStore
import DialerTelephony
import Foundation
import Testing

@Suite("End to end: test database, dialer-sim and a real dialerd", .serialized)
struct CampaignEndToEndTests {
    static let settings = CampaignSettings(callDelay: 40, maxConcurrentCalls: 12, retryCount: 1, retryDelay: 500)

    @Test func aCampaignOfTwoHundredContactsWithMixedOutcomesCompletes() async throws {
        let run = try await CampaignRun(contacts: 200, settings: Self.settings)
        let port = try freePort()
        let dialerd = try run.startDialerd(port: port, instanceId: "e2e-a")
        _ = try await dialerd.waitForLine(containing: "Server started and listening")
        let http = try CurlHTTPClient()
        for (path, expected) in [("healthz", "ok"), ("readyz", "ready")] {
            let response = try await http.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/\(path)"))
            #expect(response.status == 200, "/\(path) answered \(response.status)")
            #expect(String(decoding: response.body, as: UTF8.self).hasPrefix(expected))
        }
        await http.shutdown()
        try await run.waitForStatus(.completed, timeout: 300)
        try await run.checkFinishedCampaign(contacts: 200)

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

    @Test func killingDialerdMidCampaignAndRestartingFinishesWithNoDoubleDial() async throws {
        let run = try await CampaignRun(contacts: 120, settings: Self.settings)
        let first = try run.startDialerd(port: try freePort(), instanceId: "e2e-first")
        let deadline = Date().addingTimeInterval(120)
        while try await run.store.campaign(id: run.campaignId)?.stats.callsPlaced ?? 0 < 40 {
            guard Date() < deadline else { throw ProcessFailure("no progress before the kill") }
            try await Task.sleep(for: .milliseconds(50))
        }
        first.signal(SIGKILL)
        _ = try await first.waitForExit()
        let second = try run.startDialerd(port: try freePort(), instanceId: "e2e-second")
        try await run.waitForStatus(.completed, timeout: 300)
        try await run.checkFinishedCampaign(contacts: 120)

        let creates = try run.simRequests().filter { $0.method == "POST" && $0.path.hasSuffix("/Calls.json") }
        let attemptIds = creates.compactMap { $0.queryValue("attemptId") ?? $0.formValues("StatusCallback").first?.split(separator: "=").last.map(String.init) }
        #expect(attemptIds.count == Set(attemptIds).count, "an attempt was dialed twice")
        second.signal(SIGTERM)
        _ = try await second.waitForExit()
        run.sim.signal(SIGTERM)
    }
}

func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard ok else { throw ProcessFailure("no free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}

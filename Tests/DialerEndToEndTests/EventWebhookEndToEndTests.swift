import DialerCore
import DialerCrypto
import DialerHTTP
import DialerStore
import DialerTestSupport
import Foundation
import Testing

/// Outbound event webhooks with real processes: dialerd sends `call.ended` and
/// `campaign.completed` to dialer-sim's receiver, which refuses the first ones with 500s, and
/// dialerd is killed with SIGKILL mid-campaign and restarted.
@Suite("End to end: event webhooks across a SIGKILL", .serialized)
struct EventWebhookEndToEndTests {
    static let secret = "e2e-event-secret-0123456789"
    static let settings = CampaignSettings(callDelay: 40, maxConcurrentCalls: 8, retryCount: 0, retryDelay: 500)

    struct Received {
        var key: String
        var event: String
        var signature: String
        var body: String
        var status: Int
    }

    @Test func everyEventIsDeliveredOnceSignedAndRetriedAfter500s() async throws {
        let contacts = 40
        let run = try await CampaignRun(contacts: contacts, settings: Self.settings)
        let http = try CurlHTTPClient()
        let sim = "http://127.0.0.1:\(run.simPort)"
        let failures = try await http.send(HTTPRequest(method: "POST", url: "\(sim)/sim/events/fail?count=3"))
        #expect(failures.status == 200)
        let flags = ["--event-webhook-url", "\(sim)/events", "--event-webhook-secret", Self.secret]
        let first = try run.startDialerd(port: try freeLoopbackPort(), instanceId: "e2e-events-first", extra: flags)
        let deadline = Date().addingTimeInterval(120)
        while try await events(http, sim).filter({ $0.status == 200 }).count < 8 {
            guard Date() < deadline else { throw ProcessFailure("no event delivered before the kill") }
            try await Task.sleep(for: .milliseconds(50))
        }
        first.signal(SIGKILL)
        _ = try await first.waitForExit()
        let second = try run.startDialerd(port: try freeLoopbackPort(), instanceId: "e2e-events-second", extra: flags)
        try await run.waitForStatus(.completed, timeout: 300)

        let ended = try await run.allCalls().filter { $0.status.isTerminal && $0.outcome != "not-placed" }
        let expected = Set(ended.compactMap { $0.id.map { "call.ended:\($0.hex)" } } + ["campaign.completed:\(run.campaignId.hex)"])
        var received: [Received] = []
        let settle = Date().addingTimeInterval(60)
        while true {
            received = try await events(http, sim)
            if expected.isSubset(of: Set(received.filter { $0.status == 200 }.map(\.key))) { break }
            guard Date() < settle else { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        second.signal(SIGTERM)
        _ = try await second.waitForExit()
        run.sim.signal(SIGTERM)
        await http.shutdown()

        let accepted = received.filter { $0.status == 200 }
        let missing = expected.subtracting(accepted.map(\.key))
        #expect(missing.isEmpty, "events never delivered: \(missing.sorted())")
        #expect(Set(accepted.map(\.key)).isSubset(of: expected), "an event for a call that did not end")
        // Deliveries go out one at a time, so the kill can interrupt at most one between the
        // receiver's answer and its record: only that one may be accepted twice.
        let repeats = Dictionary(grouping: accepted, by: \.key).filter { $0.value.count > 1 }
        #expect(repeats.count <= 1, "accepted more than once: \(repeats.keys.sorted())")
        #expect(received.prefix(3).allSatisfy { $0.status == 500 }, "the receiver refused the first three")
        #expect(received.count(where: { $0.status == 500 }) == 3)
        let now = Int(Date().timeIntervalSince1970)
        for event in received {
            #expect(
                TimestampedSignature.isValid(header: event.signature, body: Array(event.body.utf8), secret: Self.secret, now: now, tolerance: 900),
                "signature of \(event.key)")
            #expect(event.body.contains(#""id":"\#(event.key)""#))
        }
        let completion = try #require(accepted.last { $0.event == "campaign.completed" })
        #expect(completion.body.contains(#""type":"campaign.completed""#) && completion.body.contains(#""callsPlaced":"#))
        // Order: each event's first attempt follows those of the events before it; a retried one may be overtaken.
        // The kill may also land between a claim and its request: that event reaches the receiver only once its
        // claim's lease runs out, so it may follow the completion; its record then shows one claim more than the
        // receiver saw requests. Only that one event may be late.
        var firstSeen: [String: Int] = [:]
        for (index, event) in received.enumerated() where firstSeen[event.key] == nil { firstSeen[event.key] = index }
        let completionFirst = try #require(firstSeen["campaign.completed:\(run.campaignId.hex)"])
        let late = firstSeen.filter { $0.key.hasPrefix("call.ended:") && $0.value > completionFirst }.map(\.key)
        #expect(late.count <= 1, "call.ended events first sent after campaign.completed: \(late.sorted())")
        for key in late {
            let record = try #require(try await run.store.delivery(key: key))
            #expect(record.attempts > received.count(where: { $0.key == key }), "\(key) was late without a claim cut short by the kill")
        }
    }

    private func events(_ http: CurlHTTPClient, _ sim: String) async throws -> [Received] {
        let response = try await http.send(HTTPRequest(method: "GET", url: "\(sim)/sim/events"))
        let items = try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] ?? []
        return items.map {
            Received(
                key: $0["idempotencyKey"] as? String ?? "", event: $0["event"] as? String ?? "", signature: $0["signature"] as? String ?? "",
                body: $0["body"] as? String ?? "", status: $0["status"] as? Int ?? 0)
        }
    }
}

import DialerCore
import DialerCrypto
import DialerSim
import DialerStore
import DialerTestSupport
import Foundation
import Testing

/// The operator API of a real dialerd, over loopback, on the test database and dialer-sim, with
/// keys made and revoked by `dialerctl api-keys`.
@Suite("End to end: the operator API of a real dialerd", .serialized)
struct OperatorAPIEndToEndTests {
    @Test func noWrongRevokedOrUnderScopedKeyGetsInAndARefusalChangesNothing() async throws {
        let run = try await CampaignRun(contacts: 6, settings: CampaignSettings(callDelay: 20, maxConcurrentCalls: 6, retryCount: 0))
        let apiPort = try freeLoopbackPort()
        let dialerd = try run.startDialerd(port: try freeLoopbackPort(), instanceId: "e2e-api-auth", apiPort: apiPort)
        let api = try OperatorAPI(port: apiPort)
        try await api.waitUntilReady()
        try await run.waitForStatus(.completed, timeout: 120)
        let campaign = "/api/db/campaigns/\(run.campaignId.hex)"

        let none = try await api.object("GET", campaign, key: nil)
        #expect(none.status == 401 && none.fields["code"] as? String == "UNAUTHORIZED", "no key: \(none)")
        // A key of the right shape that was never issued here, and one of no key's shape.
        for wrongKey in [APIKeyToken.issue().key, "not-a-key"] {
            let wrong = try await api.object("GET", campaign, key: wrongKey)
            #expect(wrong.status == 401 && wrong.fields["code"] as? String == "UNAUTHORIZED", "wrong key: \(wrong)")
        }

        let instance = "e2e-api-auth"
        let unused = try await run.createKey(.admin, name: "revoked-unused", instanceId: instance)
        try await run.revokeKey("revoked-unused", instanceId: instance)
        #expect(try await api.send("GET", campaign, key: unused).status == 401, "a key revoked before its first use")
        // dialerctl revokes through this dialerd, which drops the key from its cache at once.
        let used = try await run.createKey(.admin, name: "revoked-used", instanceId: instance)
        #expect(try await api.send("GET", campaign, key: used).status == 200)
        try await run.revokeKey("revoked-used", instanceId: instance)
        #expect(try await api.send("GET", campaign, key: used).status == 401, "a key revoked through this dialerd still answered")
        // Revoked elsewhere (another instance, the database itself): refused within the key cache's 5 s.
        let elsewhere = try await run.createKey(.read, name: "revoked-elsewhere", instanceId: instance)
        #expect(try await api.send("GET", campaign, key: elsewhere).status == 200)
        _ = try #require(try await run.store.revokeAPIKey(nameOrPrefix: "revoked-elsewhere", now: Date()))
        let revokedAt = Date()
        var revokedStatus = 200
        while revokedStatus == 200, Date().timeIntervalSince(revokedAt) < 8 {
            try await Task.sleep(for: .milliseconds(200))
            revokedStatus = try await api.send("GET", campaign, key: elsewhere).status
        }
        #expect(revokedStatus == 401, "a revoked key still answered \(revokedStatus) after \(Date().timeIntervalSince(revokedAt)) s")
        #expect(Date().timeIntervalSince(revokedAt) < 6.5, "revocation took longer than the key cache's 5 s")

        let read = try await run.createKey(.read, name: "reader", instanceId: instance)
        let operate = try await run.createKey(.operate, name: "operator", instanceId: instance)
        #expect(try await api.send("GET", "/healthz", key: nil).status == 200)
        #expect(try await api.send("GET", "/metrics", key: read).status == 200)
        let before = try await api.send("GET", campaign, key: read)
        #expect(before.status == 200)
        let callsBefore = try await run.allCalls().count
        let createsBefore = try run.simRequests().count { $0.method == "POST" && $0.path.hasSuffix("/Calls.json") }

        let underScoped = try await api.object("POST", campaign + "/start", key: read)
        #expect(underScoped.status == 403 && underScoped.fields["code"] as? String == "FORBIDDEN", "read key on start: \(underScoped)")
        // A completed campaign takes no action: each is refused with 409 and the reason.
        for action in ["start", "pause", "resume", "stop"] {
            let refused = try await api.object("POST", campaign + "/\(action)", key: operate)
            #expect(refused.status == 409, "\(action) of a completed campaign answered \(refused)")
            #expect(refused.fields["code"] as? String == "INVALID_TRANSITION", "\(action): \(refused.fields)")
        }
        let badBody = try await api.object("POST", campaign + "/stop", key: operate, json: #"{"hangUp":"yes"}"#)
        #expect(badBody.status == 400, "a wrongly typed body: \(badBody)")
        let unknown = try await api.object("POST", "/api/db/campaigns/\(ObjectId(date: Date()).hex)/start", key: operate)
        #expect(unknown.status == 404, "an unknown campaign: \(unknown)")

        let after = try await api.send("GET", campaign, key: read)
        #expect(after.text == before.text, "a refused action changed the campaign:\nbefore \(before.text)\nafter  \(after.text)")
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await run.allCalls().count == callsBefore, "a refused action placed a call")
        #expect(try run.simRequests().count { $0.method == "POST" && $0.path.hasSuffix("/Calls.json") } == createsBefore)
        let leaked = [unused, used, elsewhere, read, operate].filter { dialerd.log.contains($0) || dialerd.log.contains(String($0.suffix(20))) }
        #expect(leaked.isEmpty, "\(leaked.count) keys reached dialerd's log")

        await api.close()
        dialerd.signal(SIGTERM)
        #expect(try await dialerd.waitForExit() == 0)
        run.sim.signal(SIGTERM)
    }

    @Test func aPauseOverHTTPStopsNewCallsWithinOneSecond() async throws {
        // Slow enough that the campaign is still dialing when the pause lands: ~25 calls a second over 400 contacts.
        let run = try await CampaignRun(contacts: 400, settings: CampaignSettings(callDelay: 40, maxConcurrentCalls: 8, retryCount: 0))
        let apiPort = try freeLoopbackPort()
        let dialerd = try run.startDialerd(port: try freeLoopbackPort(), instanceId: "e2e-api-pause", apiPort: apiPort)
        let api = try OperatorAPI(port: apiPort)
        try await api.waitUntilReady()
        let key = try await run.createKey(.operate, name: "pauser", instanceId: "e2e-api-pause")
        let deadline = Date().addingTimeInterval(120)
        while try await run.store.campaign(id: run.campaignId)?.stats.callsPlaced ?? 0 < 20 {
            guard Date() < deadline else { throw ProcessFailure("the campaign placed fewer than 20 calls in 120 s") }
            try await Task.sleep(for: .milliseconds(50))
        }

        let paused = try await api.object("POST", "/api/db/campaigns/\(run.campaignId.hex)/pause", key: key)
        let answeredAt = Date()
        #expect(paused.status == 200, "pause answered \(paused)")
        #expect(paused.fields["status"] as? String == "paused")
        // Long enough for a claim that ignored the pause to show up as a call and a create request.
        try await Task.sleep(for: .seconds(3))

        let calls = try await run.allCalls()
        let late = calls.filter { $0.createdAt > answeredAt.addingTimeInterval(1) }
        #expect(late.isEmpty, "\(late.count) calls created more than 1 s after the pause answered: \(late.map(\.createdAt))")
        let creates = try run.simRequests().filter { $0.method == "POST" && $0.path.hasSuffix("/Calls.json") }
        let lateCreates = creates.filter { $0.arrival > answeredAt.addingTimeInterval(1) }
        #expect(lateCreates.isEmpty, "dialer-sim got \(lateCreates.count) create-call requests more than 1 s after the pause")
        #expect(calls.count < 400, "the campaign finished before the pause; it proves nothing")
        #expect(try await run.store.campaign(id: run.campaignId)?.status == .paused)

        await api.close()
        dialerd.signal(SIGTERM)
        #expect(try await dialerd.waitForExit() == 0)
        run.sim.signal(SIGTERM)
    }

    @Test func theCSVExportStreamsMoreRowsThanTheLargestPage() async throws {
        let run = try await CampaignRun(contacts: 10, settings: CampaignSettings(callDelay: 20, maxConcurrentCalls: 10, retryCount: 0))
        let apiPort = try freeLoopbackPort()
        let dialerd = try run.startDialerd(port: try freeLoopbackPort(), instanceId: "e2e-api-export", apiPort: apiPort)
        let api = try OperatorAPI(port: apiPort)
        try await api.waitUntilReady()
        try await run.waitForStatus(.completed, timeout: 120)
        // Past the list's largest page (1000) and the export's own page (500), with the real run's calls among them.
        try await Self.insertCalls(1100, campaignId: run.campaignId, into: run.store)
        let expected = Set(try await run.allCalls().compactMap { $0.id?.hex })
        #expect(expected.count > 1100)

        let key = try await run.createKey(.read, name: "exporter", instanceId: "e2e-api-export")
        let response = try await api.send("GET", "/api/db/calls/export.csv?campaignId=\(run.campaignId.hex)", key: key)
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.hasPrefix("text/csv") == true)
        let rows = try CSVTable.parse(response.text).filter { $0 != [""] }
        let header = try #require(rows.first)
        let idColumn = try #require(header.firstIndex(of: "_id"))
        let ids = rows.dropFirst().map { $0[idColumn] }
        #expect(ids.count == expected.count, "the export has \(ids.count) rows, the database \(expected.count) calls")
        #expect(Set(ids) == expected, "the export's rows are not the campaign's calls, each once")
        let page = try await api.object("GET", "/api/db/calls?campaignId=\(run.campaignId.hex)&limit=1000", key: key)
        #expect(page.fields["total"] as? Int == expected.count)
        #expect((page.fields["items"] as? [Any])?.count == 1000)

        await api.close()
        dialerd.signal(SIGTERM)
        #expect(try await dialerd.waitForExit() == 0)
        run.sim.signal(SIGTERM)
    }

    /// Finished calls as a past run would have left them, written eight at a time.
    static func insertCalls(_ count: Int, campaignId: ObjectId, into store: MongoStore) async throws {
        let start = Date().addingTimeInterval(-86_400)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<8 {
                group.addTask {
                    for n in stride(from: lane, to: count, by: 8) {
                        var call = Call(
                            attemptId: "past-\(n)", provider: .twilio, attempt: 1, status: n % 3 == 0 ? .noAnswer : .completed,
                            from: "+14155550000", to: "+1206555\(String(format: "%04d", n))", campaignId: campaignId,
                            now: start.addingTimeInterval(Double(n)))
                        call.callSid = "CApast\(String(format: "%028d", n))"
                        call.duration = n % 3 == 0 ? nil : 30 + n % 90
                        _ = try await store.insertCall(call)
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}

import DialerCore
import DialerHTTP
import Foundation
import Testing

@testable import DialerSim

@Suite struct SimBehaviourTests {
    /// Outcomes and ids for `count` calls, created one after another.
    static func run(seed: UInt64, count: Int) async throws -> [(String, SimOutcome)] {
        try await withSim(
            manualClock: true,
            {
                $0.seed = seed
                $0.outcomes = OutcomeMix([.human: 1, .busy: 1, .noAnswer: 1])
            }
        ) { h in
            for index in 0..<count { _ = try await h.createCall(to: "+1415555\(String(format: "%04d", index))") }
            return await h.sim.calls().map { ($0.sid, $0.outcome) }
        }
    }

    @Test func aSeedReproducesIdsAndOutcomes() async throws {
        let first = try await Self.run(seed: 11, count: 40)
        let again = try await Self.run(seed: 11, count: 40)
        let other = try await Self.run(seed: 12, count: 40)
        #expect(first.map(\.0) == again.map(\.0))
        #expect(first.map(\.1) == again.map(\.1))
        #expect(first.map(\.1) != other.map(\.1))
        #expect(Set(first.map(\.0)).isDisjoint(with: other.map(\.0)))
        // Every weighted outcome shows up, and nothing unweighted does.
        #expect(Set(first.map(\.1)) == [.human, .busy, .noAnswer])
    }

    @Test func callsAboveTheCPSCapQueueAndLeaveAtTheCapRate() async throws {
        try await withSim(
            manualClock: true,
            {
                $0.callsPerSecond = 2
                $0.forcedOutcomes = [:]
                $0.outcomes = .always(.human)
            }
        ) { h in
            var sids: [String] = []
            for index in 0..<6 { sids.append(try await h.createCall(to: "+1415555010\(index)")) }
            let views = await h.sim.calls()
            #expect(views.map(\.dispatchAt) == [0, 500, 1000, 1500, 2000, 2500].map { Duration.milliseconds($0) })

            h.clock?.advance(to: .milliseconds(1200))
            var statuses: [String] = []
            for sid in sids {
                let (_, body) = try await h.twilio("GET", "/2010-04-01/Accounts/\(h.accountSid)/Calls/\(sid).json")
                statuses.append(body?["status"]?.stringValue ?? "?")
            }
            #expect(statuses.prefix(3).allSatisfy { $0 != "queued" })
            #expect(Array(statuses.suffix(3)) == ["queued", "queued", "queued"])
            // No one-second window holds more dispatches than the cap.
            let times = views.map(\.dispatchAt)
            for start in times {
                #expect(times.filter { $0 >= start && $0 < start + .seconds(1) }.count <= 2)
            }
        }
    }

    @Test func updateCancelsQueuedCallsAndHangsUpLiveOnes() async throws {
        try await withSim(manualClock: true, { $0.forcedOutcomes = ["+14155550100": .human] }) { h in
            let sid = try await h.createCall(to: "+14155550100")
            let path = "/2010-04-01/Accounts/\(h.accountSid)/Calls/\(sid).json"
            h.clock?.advance(by: .seconds(15))
            let (_, live) = try await h.twilio("POST", path, form: [("Status", "canceled")])
            #expect(live?["status"] == .string("in-progress"))
            h.clock?.advance(by: .seconds(3))
            let (code, ended) = try await h.twilio("POST", path, form: [("Status", "completed")])
            #expect(code == 200)
            #expect(ended?["status"] == .string("completed"))
            #expect(Int(ended?["duration"]?.stringValue ?? "") ?? 0 >= 3)
            #expect(ended?["end_time"]?.stringValue != nil)
            let (bad, error) = try await h.twilio("POST", path, form: [("Status", "paused")])
            #expect(bad == 400)
            #expect(error?["code"] == .int(20001))
            let (missing, notFound) = try await h.twilio("GET", "/2010-04-01/Accounts/\(h.accountSid)/Calls/CAnope.json")
            #expect(missing == 404)
            #expect(notFound?["code"] == .int(20404))
        }
    }

    @Test func validatesLikeTwilio() async throws {
        try await withSim(manualClock: true) { h in
            func create(_ form: [(String, String)], token: String? = nil) async throws -> (Int, Int64?) {
                let (status, body) = try await h.twilio("POST", h.callsPath, form: form, token: token)
                if case .int(let code)? = body?["code"] { return (status, code) }
                return (status, nil)
            }
            let url = ("Url", "https://example.com/t")
            let noTo = try await create([("From", "+14155550199"), url])
            let noFrom = try await create([("To", "+14155550100"), url])
            let noUrl = try await create([("To", "+14155550100"), ("From", "+14155550199")])
            let badTo = try await create([("To", "555-0100"), ("From", "+14155550199"), url])
            let badAuth = try await create([("To", "+14155550100"), ("From", "+14155550199"), url], token: "wrong")
            let badEvent = try await create([("To", "+14155550100"), ("From", "+14155550199"), url, ("StatusCallbackEvent", "done")])
            let badAMD = try await create([("To", "+14155550100"), ("From", "+14155550199"), url, ("MachineDetection", "On")])
            let good = try await create([("To", "+14155550100"), ("From", "+14155550199"), url])
            #expect(noTo == (400, 21201))
            #expect(noFrom == (400, 21213))
            #expect(noUrl == (400, 21205))
            #expect(badTo == (400, 21211))
            #expect(badAuth == (401, 20003))
            #expect(badEvent.0 == 400)
            #expect(badAMD.0 == 400)
            #expect(good.0 == 201)
        }
    }

    @Test func excessConcurrentRequestsGet429WithRetryAfter() async throws {
        try await withSim({
            $0.maxConcurrentRequests = 1
            $0.retryAfterSeconds = 4
        }) { h in
            h.sim.addFault(SimFault(route: .twilio, action: .delayRequest(.seconds(3))))
            let slow = Task { try await h.createCall(to: "+14155550100") }
            await h.sim.requestLog.waitForCount(1)
            let response = try await h.http.send(
                HTTPRequest(
                    method: "POST", url: h.sim.baseURL + h.callsPath,
                    headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")], body: Array("To=%2B14155550101".utf8),
                    basicAuth: BasicCredentials(user: h.accountSid, password: h.sim.configuration.twilioAuthToken)))
            #expect(response.status == 429)
            #expect(response.header("Retry-After") == "4")
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(response.body))
            #expect(body["code"] == .int(20429))
            _ = try await slow.value
        }
    }

    @Test func requestLogWritesJSONLinesWithoutSecrets() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sim-log-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withSim(manualClock: true, { $0.requestLogPath = path }) { h in
            _ = try await h.createCall(to: "+14155550100", extra: [("SipAuthPassword", "hunter2")])
            _ = try await h.json(
                "POST", "/v1/calls", headers: [HTTPHeader("authorization", h.sim.configuration.blandAPIKey)],
                body: .object([
                    "phone_number": .string("+14155550100"), "task": .string("t"),
                    "metadata": .object(["api_key": .string("k-123")])
                ]))
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(!text.contains("hunter2"))
        #expect(!text.contains("k-123"))
        #expect(!text.contains("sim-auth-token"))
        #expect(!text.contains("sim-bland-key"))
        let first = try JSONDecoder().decode(SimRequestRecord.self, from: Data(lines[0].utf8))
        #expect(first.formValues("SipAuthPassword") == ["<redacted>"])
        #expect(first.formValues("To") == ["+14155550100"])
        // Arrival carries milliseconds: "2026-01-01T00:00:00.123Z".
        let arrival = try #require(try JSONDecoder().decode(JSONValue.self, from: Data(lines[0].utf8))["arrival"]?.stringValue)
        #expect(arrival.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression) != nil)
    }

    @Test func manualClockPlaysACallOutWithoutWaiting() async throws {
        try await withSim(manualClock: true, { $0.forcedOutcomes = ["+14155550100": .noAnswer] }) { h in
            let sid = try await h.createCall(to: "+14155550100", extra: [("Timeout", "25")])
            #expect(await h.sim.call(sid: sid)?.status == .initiated)
            h.clock?.advance(by: .seconds(20))
            #expect(await h.sim.call(sid: sid)?.status == .ringing)
            h.clock?.advance(by: .seconds(10))
            let ended = await h.sim.call(sid: sid)
            #expect(ended?.status == .noAnswer)
            #expect(ended?.durationSeconds == 0)
        }
    }
}

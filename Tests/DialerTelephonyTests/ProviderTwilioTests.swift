import DialerCore
import DialerHTTP
import DialerSim
import DialerTelephony
import DialerTestSupport
import Foundation
import Testing

@Suite struct ProviderTwilioTests {
    @Test func placesACallWithCallbacksCarryingTheAttemptId() async throws {
        try await withProviderSim { h in
            let placed = try await h.twilio().placeCall(providerRequest(attempt: "att/1 x"))
            #expect(placed.ids.callSid?.hasPrefix("CA") == true)
            #expect(placed.ids.callSid?.count == 34)
            #expect(placed.status == .queued)
            #expect(await h.limiter.acquired == 1)

            let record = try #require(await h.sim.requestLog.all().first)
            #expect(record.method == "POST")
            #expect(record.path == "/2010-04-01/Accounts/\(h.configuration.twilioAccountSid)/Calls.json")
            #expect(record.credential == "basic user=\(h.configuration.twilioAccountSid)")
            let retries = "#ct=2000&rt=4000&tt=15000&rc=3&rp=ct,rt,5xx"
            #expect(record.formValues("StatusCallback") == ["http://127.0.0.1:9/webhooks/twilio/status?attemptId=att%2F1%20x" + retries])
            #expect(record.formValues("AsyncAmdStatusCallback") == ["http://127.0.0.1:9/webhooks/twilio/amd?attemptId=att%2F1%20x" + retries])
            #expect(record.formValues("RecordingStatusCallback") == ["http://127.0.0.1:9/webhooks/twilio/recording?attemptId=att%2F1%20x" + retries])
            #expect(record.formValues("StatusCallbackEvent") == ["initiated", "ringing", "answered", "completed"])
            #expect(record.formValues("StatusCallbackMethod") == ["POST"])
            #expect(record.formValues("Twiml") == ["<Response><Say>Hello Ada</Say></Response>"])
            #expect(record.responseStatus == 201)
        }
    }

    @Test func authenticatesWithAnAPIKey() async throws {
        try await withProviderSim({
            $0.twilioAPIKeySid = "SK00000000000000000000000000000009"
            $0.twilioAPIKeySecret = "key-secret"
        }) { h in
            let placed = try await h.twilio(apiKey: true).placeCall(providerRequest())
            #expect(placed.ids.callSid != nil)
            let record = try #require(await h.sim.requestLog.all().first)
            #expect(record.credential == "basic user=SK00000000000000000000000000000009")
            #expect(record.path.contains(h.configuration.twilioAccountSid))
        }
    }

    @Test func invalidNumberIsPermanent() async throws {
        try await withProviderSim { h in
            let error = await expectProviderError { try await h.twilio().placeCall(providerRequest(to: "+15005550001")) }
            #expect(error == .permanent(code: "21211", message: "Invalid 'To' Phone Number: +15005550001"))
        }
    }

    @Test func badCredentialsAreAnAccountErrorAndNeverEchoed() async throws {
        try await withProviderSim { h in
            let error = await expectProviderError { try await h.twilio(authToken: "wrong-token-123").placeCall(providerRequest()) }
            #expect(error?.accountScope == .account)
            #expect(error?.code == "20003")
            #expect(error.map { "\($0)".contains("wrong-token-123") } == false)
            let file = try #require(await h.sim.requestLog.all().first)
            #expect(file.responseStatus == 401)
            #expect(file.credential?.contains("wrong-token-123") == false)
        }
    }

    @Test func missingFromFailsBeforeAnyRequest() async throws {
        try await withProviderSim { h in
            let error = await expectProviderError { try await h.twilio().placeCall(providerRequest(from: nil)) }
            #expect(error?.code == "missing-from")
            #expect(error?.accountScope == .campaign, "no contact of the campaign can be dialed without one")
            #expect(await h.sim.requestLog.count == 0)
            #expect(await h.limiter.acquired == 0)
        }
    }

    @Test func twilioRateLimitIsRetryableWithRetryAfter() async throws {
        try await withProviderSim { h in
            h.sim.addFault(
                SimFault(
                    route: .twilio, pathSuffix: "/Calls.json",
                    action: .respond(status: 429, code: 20429, message: "Too Many Requests", retryAfterSeconds: 7)))
            let error = await expectProviderError { try await h.twilio().placeCall(providerRequest()) }
            #expect(error == .retryable(code: "20429", message: "Too Many Requests", retryAfter: .seconds(7)))
        }
    }

    @Test func excessConcurrentRequestsGet20429() async throws {
        try await withProviderSim({
            $0.maxConcurrentRequests = 1
            $0.retryAfterSeconds = 2
        }) { h in
            h.sim.addFault(SimFault(route: .twilio, action: .delayResponse(.seconds(3))))
            let twilio = h.twilio()
            let first = Task { try await twilio.placeCall(providerRequest(attempt: "a")) }
            await h.sim.requestLog.waitForCount(1)
            let error = await expectProviderError { try await twilio.placeCall(providerRequest(attempt: "b")) }
            #expect(error?.code == "20429")
            #expect(error?.retryAfter == .seconds(2))
            let firstPlaced = try await first.value
            #expect(firstPlaced.ids.callSid != nil)
        }
    }

    /// A 5xx may come from Twilio's edge after the call was created: re-dialing would call the person twice.
    @Test func serverErrorOnCreateIsOutcomeUnknown() async throws {
        try await withProviderSim { h in
            h.sim.addFault(SimFault(route: .twilio, action: .respond(status: 503, code: nil, message: "Service Unavailable", retryAfterSeconds: nil)))
            let error = await expectProviderError { try await h.twilio().placeCall(providerRequest()) }
            #expect(error?.isOutcomeUnknown == true)
            #expect(error?.message.contains("503") == true)
        }
    }

    @Test func connectionRefusedIsRetryable() async throws {
        let port = try closedLoopbackPort()
        let http = try CurlHTTPClient()
        let provider = TwilioCallProvider(
            configuration: TwilioConfiguration(
                baseURL: "http://127.0.0.1:\(port)", accountSid: "AC00000000000000000000000000000001",
                credentials: .authToken("t")),
            http: http, limiter: ProviderCountingLimiter())
        let error = await expectProviderError { try await provider.placeCall(providerRequest()) }
        #expect(error?.code == "connect-failed")
        #expect(error?.isRetryable == true)
        await http.shutdown()
    }

    @Test func timeoutAfterSendingIsOutcomeUnknownAndTheCallCanBeReconciled() async throws {
        try await withProviderSim { h in
            h.sim.addFault(SimFault(route: .twilio, method: "POST", action: .delayResponse(.seconds(10))))
            let before = Date().addingTimeInterval(-1)
            let twilio = h.twilio(requestTimeout: .milliseconds(1500))
            let error = await expectProviderError { try await twilio.placeCall(providerRequest(to: "+14155550111")) }
            #expect(error?.isOutcomeUnknown == true)

            // The simulator created the call; reconciliation finds it by number and time.
            let found = try await h.twilio().findCalls(CallSearch(to: "+14155550111", startedAfter: before))
            let created = await h.sim.calls()
            #expect(found.count == 1)
            #expect(found.first?.ids.callSid == created.first?.sid)
        }
    }

    @Test func fetchesCallsAndReportsUnknownOnesAsNil() async throws {
        try await withProviderSim(manualClock: true, { $0.forcedOutcomes = ["+14155550100": .human] }) { h in
            let twilio = h.twilio()
            let placed = try await twilio.placeCall(providerRequest())
            h.clock?.advance(by: .seconds(1))
            let snapshot = try #require(try await twilio.fetchCall(placed.ids))
            #expect(snapshot.ids.callSid == placed.ids.callSid)
            #expect(snapshot.to == "+14155550100")
            #expect(snapshot.startTime != nil)
            #expect(snapshot.status.rank >= CallStatus.initiated.rank)
            #expect(try await twilio.fetchCall(ProviderCallIds(callSid: "CA" + String(repeating: "0", count: 32))) == nil)
        }
    }

    @Test func cancelsAQueuedCallAndHangsUpALiveOne() async throws {
        try await withProviderSim(manualClock: true, { $0.forcedOutcomes = ["+14155550100": .human, "+14155550101": .human] }) { h in
            let twilio = h.twilio()
            let queued = try await twilio.placeCall(providerRequest(attempt: "q", to: "+14155550100"))
            try await twilio.endCall(queued.ids, mode: .cancel)
            #expect(try await twilio.fetchCall(queued.ids)?.status == .canceled)

            let live = try await twilio.placeCall(providerRequest(attempt: "l", to: "+14155550101"))
            // Ring delay ≤ 1.5 s and answer ≤ 12 s; the shortest talk is 20 s.
            h.clock?.advance(by: .seconds(15))
            #expect(try await twilio.fetchCall(live.ids)?.status == .inProgress)
            try await twilio.endCall(live.ids, mode: .cancel)
            #expect(try await twilio.fetchCall(live.ids)?.status == .inProgress, "cancel must not cut a live call")
            h.clock?.advance(by: .seconds(2))
            try await twilio.endCall(live.ids, mode: .hangUp)
            let ended = try #require(try await twilio.fetchCall(live.ids))
            #expect(ended.status == .completed)
            #expect((ended.duration ?? 0) >= 2)
            #expect(ended.endTime != nil)
        }
    }

    @Test func findCallsFollowsPagesAndKeepsToTheNumber() async throws {
        try await withProviderSim(manualClock: true) { h in
            let twilio = h.twilio(pageSize: 2)
            let start = h.wallEpoch.addingTimeInterval(-5)
            var sids: Set<String> = []
            for index in 0..<3 {
                let placed = try await twilio.placeCall(providerRequest(attempt: "p\(index)", to: "+14155550123"))
                sids.insert(placed.ids.callSid ?? "")
            }
            _ = try await twilio.placeCall(providerRequest(attempt: "other", to: "+14155550999"))
            // StartTime is set once a call leaves the queue; let the simulated calls start.
            h.clock?.advance(by: .seconds(5))
            let found = try await twilio.findCalls(CallSearch(to: "+14155550123", startedAfter: start))
            #expect(Set(found.compactMap(\.ids.callSid)) == sids)
            let pages = await h.sim.requestLog.all().filter { $0.method == "GET" }
            #expect(pages.count == 2)
            #expect(pages.last?.queryValue("Page") == "1")
        }
    }
}

import DialerCore
import DialerCrypto
import DialerHTTP
import Foundation
import Testing

@testable import DialerSim

@Suite struct SimCallbackTests {
    /// Recomputes X-Twilio-Signature from the URL the recorder saw and the form it got, with
    /// HMAC-SHA1 directly rather than the signer under test.
    static func twilioSignatureIsValid(_ received: WebhookRecorder.Received, base: String, token: String) -> Bool {
        let url = base + received.pathAndQuery
        let data = url + received.form.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.map { $0.0 + $0.1 }.joined()
        let expected = Base64.encode(HMAC.sha1(key: Array(token.utf8), message: Array(data.utf8)))
        return received.header("X-Twilio-Signature") == expected
    }

    @Test func twilioCallbacksAreSignedAndFollowTheCall() async throws {
        try await withSim({ $0.forcedOutcomes = ["+14155550100": .human] }) { h in
            let status = h.recorder.baseURL + "/webhooks/twilio/status?attemptId=a1"
            let sid = try await h.createCall(
                to: "+14155550100",
                extra: [
                    ("StatusCallback", status), ("StatusCallbackMethod", "POST"),
                    ("StatusCallbackEvent", "initiated"), ("StatusCallbackEvent", "ringing"),
                    ("StatusCallbackEvent", "answered"), ("StatusCallbackEvent", "completed"),
                    ("MachineDetection", "Enable"), ("AsyncAmd", "true"),
                    ("AsyncAmdStatusCallback", h.recorder.baseURL + "/webhooks/twilio/amd?attemptId=a1"),
                    ("Record", "true"), ("RecordingStatusCallback", h.recorder.baseURL + "/webhooks/twilio/recording?attemptId=a1")
                ])
            try await waitForCallbacks(h.recorder, count: 6)
            let received = h.recorder.received
            for callback in received {
                #expect(
                    Self.twilioSignatureIsValid(callback, base: h.recorder.baseURL, token: h.sim.configuration.twilioAuthToken),
                    "bad signature on \(callback.path)")
                #expect(callback.query == "attemptId=a1")
                #expect(callback.form.first { $0.0 == "CallSid" }?.1 == sid)
            }
            let statuses = received.filter { $0.path == "/webhooks/twilio/status" }
            #expect(statuses.map { $0.form.first { $0.0 == "CallStatus" }?.1 } == ["initiated", "ringing", "in-progress", "completed"])
            #expect(statuses.map { $0.form.first { $0.0 == "SequenceNumber" }?.1 } == ["0", "1", "2", "3"])
            let completed = try #require(statuses.last)
            #expect(Int(completed.form.first { $0.0 == "CallDuration" }?.1 ?? "") ?? 0 >= 20)
            #expect(completed.form.first { $0.0 == "AnsweredBy" }?.1 == "human")
            let amd = try #require(received.first { $0.path == "/webhooks/twilio/amd" })
            #expect(amd.form.first { $0.0 == "AnsweredBy" }?.1 == "human")
            let recording = try #require(received.first { $0.path == "/webhooks/twilio/recording" })
            #expect(recording.form.first { $0.0 == "RecordingStatus" }?.1 == "completed")
            #expect(recording.form.first { $0.0 == "RecordingSid" }?.1.hasPrefix("RE") == true)
            // The recorder has the sixth callback before the simulator has its answer on record.
            await h.sim.waitForDeliveries(6)
            let deliveries = await h.sim.deliveries()
            #expect(deliveries.count == 6)
            #expect(deliveries.allSatisfy { $0.status == 200 })
        }
    }

    @Test func aConnectionOverrideFragmentIsNotSentAndItsRetriesAreHonoured() async throws {
        try await withSim({ $0.forcedOutcomes = ["+14155550100": .busy] }) { h in
            h.recorder.answerNext([503, 503])
            let status = h.recorder.baseURL + "/webhooks/twilio/status?attemptId=a1#ct=2000&rt=4000&tt=15000&rc=3&rp=ct,rt,5xx"
            _ = try await h.createCall(to: "+14155550100", extra: [("StatusCallback", status)])
            try await waitForCallbacks(h.recorder, count: 3)
            let received = h.recorder.received
            #expect(received.count == 3, "two 503s, then the retry that was answered 200")
            for callback in received {
                #expect(callback.query == "attemptId=a1")
                #expect(
                    Self.twilioSignatureIsValid(callback, base: h.recorder.baseURL, token: h.sim.configuration.twilioAuthToken),
                    "signed over the URL as requested, without the fragment")
            }
            await h.sim.waitForDeliveries(1)
            let deliveries = await h.sim.deliveries()
            #expect(deliveries.map(\.status) == [200])
            #expect(deliveries.map(\.attempts) == [3])
        }
    }

    @Test func withoutAFragmentA5xxIsNotRetried() async throws {
        try await withSim({ $0.forcedOutcomes = ["+14155550100": .busy] }) { h in
            h.recorder.answerNext([503])
            _ = try await h.createCall(to: "+14155550100", extra: [("StatusCallback", h.recorder.baseURL + "/s")])
            try await waitForCallbacks(h.recorder, count: 1)
            await h.sim.waitForDeliveries(1)
            let deliveries = await h.sim.deliveries()
            #expect(deliveries.map(\.status) == [503])
            #expect(deliveries.map(\.attempts) == [1])
        }
    }

    @Test func onlyRequestedEventsAreSent() async throws {
        try await withSim({ $0.forcedOutcomes = ["+14155550100": .busy] }) { h in
            _ = try await h.createCall(to: "+14155550100", extra: [("StatusCallback", h.recorder.baseURL + "/s")])
            try await waitForCallbacks(h.recorder, count: 1)
            // Nothing else is scheduled for a busy call without extra events; a second call's
            // callback proves the first sent no more than one.
            _ = try await h.createCall(to: "+14155550100", extra: [("StatusCallback", h.recorder.baseURL + "/t")])
            try await waitForCallbacks(h.recorder, count: 2)
            let received = h.recorder.received
            #expect(received.map(\.path) == ["/s", "/t"])
            #expect(received.map { $0.form.first { $0.0 == "CallStatus" }?.1 } == ["busy", "busy"])
        }
    }

    @Test func elevenLabsWebhooksAreSignedAndCarryTheCall() async throws {
        try await withSim({
            $0.elevenLabsWebhookSecret = "wsec_sim"
            $0.forcedOutcomes = ["+14155550100": .human, "+14155550101": .busy]
        }) { h in
            let headers = [HTTPHeader("xi-api-key", h.sim.configuration.elevenLabsAPIKey)]
            func call(_ to: String, _ attempt: String) async throws -> JSONValue? {
                try await h.json(
                    "POST", "/v1/convai/twilio/outbound-call", headers: headers,
                    body: .object([
                        "agent_id": .string("agent_1"), "agent_phone_number_id": .string("phnum_1"), "to_number": .string(to),
                        "conversation_initiation_client_data": .object(["dynamic_variables": .object(["attempt_id": .string(attempt)])])
                    ])
                ).1
            }
            let answered = try await call("+14155550100", "el-1")
            let busy = try await call("+14155550101", "el-2")
            try await waitForCallbacks(h.recorder, count: 2)
            for hook in h.recorder.received {
                let header = try #require(hook.header("ElevenLabs-Signature"))
                let parts = header.split(separator: ",")
                let timestamp = try #require(parts.first.map { String($0.dropFirst(2)) })
                let expected = Hex.encode(HMAC.sha256(key: Array("wsec_sim".utf8), message: Array("\(timestamp).".utf8) + hook.body))
                #expect(parts.last.map(String.init) == "v0=\(expected)")
            }
            let bodies = h.recorder.received.compactMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.body)) }
            let transcription = try #require(bodies.first { $0["type"] == .string("post_call_transcription") })
            #expect(transcription["data"]?["conversation_id"] == answered?["conversation_id"])
            #expect(transcription["data"]?["metadata"]?["phone_call"]?["call_sid"] == answered?["callSid"])
            #expect(transcription["data"]?["conversation_initiation_client_data"]?["dynamic_variables"]?["attempt_id"] == .string("el-1"))
            #expect(transcription["data"]?["status"] == .string("done"))
            guard case .array(let turns)? = transcription["data"]?["transcript"] else {
                Issue.record("no transcript")
                return
            }
            #expect(turns.count >= 2)
            let failure = try #require(bodies.first { $0["type"] == .string("call_initiation_failure") })
            #expect(failure["data"]?["conversation_id"] == busy?["conversation_id"])
            #expect(failure["data"]?["failure_reason"] == .string("busy"))
            #expect(failure["data"]?["metadata"]?["body"]?["CallSid"] == busy?["callSid"])
        }
    }

    @Test func blandWebhooksAreSignedAndCarryMetadata() async throws {
        try await withSim({
            $0.blandWebhookSecret = "bland_sim"
            $0.forcedOutcomes = ["+14155550100": .machine]
        }) { h in
            let (status, answer) = try await h.json(
                "POST", "/v1/calls", headers: [HTTPHeader("authorization", h.sim.configuration.blandAPIKey)],
                body: .object([
                    "phone_number": .string("+14155550100"), "task": .string("Say hi"),
                    "webhook": .string(h.recorder.baseURL + "/webhooks/bland"), "answered_by_enabled": .bool(true),
                    "metadata": .object(["attemptId": .string("b-1")])
                ]))
            #expect(status == 200)
            try await waitForCallbacks(h.recorder, count: 1)
            let hook = try #require(h.recorder.received.first)
            let expected = Hex.encode(HMAC.sha256(key: Array("bland_sim".utf8), message: hook.body))
            #expect(hook.header("X-Webhook-Signature") == expected)
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(hook.body))
            #expect(body["call_id"] == answer?["call_id"])
            #expect(body["metadata"]?["attemptId"] == .string("b-1"))
            #expect(body["completed"] == .bool(true))
            #expect(body["answered_by"] == .string("voicemail"))
        }
    }
}

import DialerCore
import DialerStore
import DialerTelephony
import DialerWebhooks
import Foundation
import Testing

@Suite("ElevenLabs webhooks") struct ElevenLabsTests {
    @Test func aTranscriptionCompletesTheCallAndStoresTheTranscript() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", provider: .elevenLabs, callSid: "CA0001", conversationId: "conv_1", status: .initiated)
            let body = Payloads.elevenLabsTranscription(conversationId: "conv_1", callSid: "CA0001", attemptId: "att-1")
            #expect(try await h.postElevenLabs(body).status == 200)

            let call = try #require(try await h.call(attemptId: "att-1"))
            #expect(call.status == .completed)
            #expect(call.duration == 22)
            #expect(call.startTime == Date(timeIntervalSince1970: 1_790_000_070))
            #expect(call.endTime == Date(timeIntervalSince1970: 1_790_000_092))
            #expect(call.price == "296")
            #expect(call.priceUnit == "credits")
            #expect(call.transcript?.hasPrefix("agent: Hey there angelo.") == true)

            let transcript = try #require(try await h.store.transcript(callSid: "CA0001"))
            #expect(transcript.conversationId == "conv_1")
            #expect(transcript.transcript.map(\.role) == ["agent", "user", "agent"])
            #expect(transcript.transcript.map(\.timeInCallSecs) == [0, 2, 9])
            #expect(transcript.summary == "The agent answered a question about ElevenLabs.")
            #expect(transcript.sentiment == .object(["callSuccessful": .string("success")]))
            #expect(transcript.analysis?.field("call_successful") == .string("success"))

            let events = try await h.store.callEvents(callSid: "CA0001")
            #expect(events.map(\.eventType) == ["post_call_transcription"])
            #expect(events.first?.data["transcript"] == nil, "the transcript lives in its own collection")
            #expect(events.first?.data["has_audio"] == .bool(true), "unknown fields are kept")
            #expect(await h.listener.waitFor(1).map(\.attemptId) == ["att-1"])
        }
    }

    @Test func theAttemptIdInDynamicVariablesCorrelatesAndStoresTheProviderIds() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-7", provider: .elevenLabs, status: .initiated)
            let body = Payloads.elevenLabsTranscription(conversationId: "conv_7", callSid: "CA0007", attemptId: "att-7")
            #expect(try await h.postElevenLabs(body).status == 200)
            let call = try #require(try await h.call(attemptId: "att-7"))
            #expect(call.callSid == "CA0007")
            #expect(call.conversationId == "conv_7")
            #expect(call.status == .completed)
        }
    }

    @Test func withoutAPhoneCallTheConversationIdFindsTheCall() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-8", provider: .elevenLabs, conversationId: "conv_8", status: .initiated)
            let body = Payloads.elevenLabsTranscription(conversationId: "conv_8", callSid: nil, attemptId: nil)
            #expect(try await h.postElevenLabs(body).status == 200)
            #expect(try await h.call(attemptId: "att-8")?.status == .completed)
            #expect(
                try await h.store.transcript(callSid: "conv_8")?.conversationId == "conv_8",
                "with no Twilio SID anywhere, the conversation id keys the transcript")
        }
    }

    @Test func aRepeatedTranscriptionChangesNothingMore() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", provider: .elevenLabs, callSid: "CA0001", status: .initiated)
            let body = Payloads.elevenLabsTranscription(conversationId: "conv_1", callSid: "CA0001", attemptId: "att-1")
            #expect(try await h.postElevenLabs(body).status == 200)
            h.clock.advance(by: .seconds(60))
            #expect(try await h.postElevenLabs(body).status == 200, "replayed within the tolerance: accepted, and idempotent")
            #expect(try await h.store.callEvents(callSid: "CA0001").count == 1)
            #expect(await h.listener.waitFor(1).count == 1)
        }
    }

    @Test func audioIsAcknowledgedAndNotStored() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", provider: .elevenLabs, callSid: "CA0001", conversationId: "conv_1", status: .inProgress)
            #expect(try await h.postElevenLabs(Payloads.elevenLabsAudio(conversationId: "conv_1")).status == 200)
            let events = try await h.store.callEvents(callSid: "CA0001")
            #expect(events.map(\.eventType) == ["post_call_audio"])
            #expect(events.first?.data["full_audio"] == nil)
            #expect(events.first?.data["audioBase64Bytes"] == .int(24_000))
            #expect(try await h.store.transcript(callSid: "CA0001") == nil)
            #expect(try await h.call(attemptId: "att-1")?.status == .inProgress)
        }
    }

    @Test(arguments: [("busy", CallStatus.busy), ("no-answer", .noAnswer), ("unknown", .failed)])
    func anInitiationFailureEndsTheCall(reason: String, expected: CallStatus) async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", provider: .elevenLabs, conversationId: "conv_1", status: .initiated)
            let body = Payloads.elevenLabsInitiationFailure(conversationId: "conv_1", callSid: "CA0001", reason: reason)
            #expect(try await h.postElevenLabs(body).status == 200)
            let call = try #require(try await h.call(attemptId: "att-1"))
            #expect(call.status == expected)
            #expect(call.callSid == "CA0001")
            #expect(call.errorMessage == reason)
            #expect(call.duration == 0)
            #expect(call.endTime == Date(timeIntervalSince1970: 1_790_000_090))
            #expect(try await h.store.callEvents(callSid: "CA0001").map(\.eventType) == ["call_initiation_failure"])
            #expect(await h.listener.waitFor(1).map(\.status) == [expected])
        }
    }

    @Test func unknownTypesAreAcknowledgedAndMalformedBodiesRefused() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            let other = Array(#"{"type": "voice_removal_notice", "event_timestamp": 1790000000, "data": {"voice_id": "v1"}}"#.utf8)
            #expect(try await h.postElevenLabs(other).status == 200)
            #expect(try await h.postElevenLabs(Array("not json".utf8)).status == 400)
            #expect(try await h.postElevenLabs(Array(#"{"event_timestamp": 1}"#.utf8)).status == 400)
            #expect(try await h.postElevenLabs(Array(#"{"type": "post_call_transcription", "data": {}}"#.utf8)).status == 400)
            #expect(try await h.postElevenLabs(Array("[1, 2]".utf8)).status == 400)
        }
    }
}

@Suite("ElevenLabs signatures") struct ElevenLabsSignatureTests {
    let body = Payloads.elevenLabsTranscription(conversationId: "conv_1", callSid: "CA0001", attemptId: "att-1")

    @Test func staleFutureForgedMalformedAndMissingSignaturesAreRejected() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", provider: .elevenLabs, callSid: "CA0001", status: .initiated)
            let now = h.clock.date
            let responses = [
                try await h.postElevenLabs(body, timestamp: now.addingTimeInterval(-31 * 60)),
                try await h.postElevenLabs(body, timestamp: now.addingTimeInterval(31 * 60)),
                try await h.postElevenLabs(body, secret: "wsec_wrong"),
                try await h.postElevenLabs(body, header: "v0=\(String(repeating: "a", count: 64))"),
                try await h.postElevenLabs(body, header: "t=abc,v0=00"),
                try await h.postElevenLabs(body, header: .some(nil))
            ]
            #expect(
                responses.map { String(decoding: $0.body, as: UTF8.self) } == [
                    "signature expired", "signature expired", "signature mismatch", "signature malformed",
                    "signature malformed", "signature missing"
                ])
            #expect(responses.allSatisfy { $0.status == 403 })
            #expect(try await h.call(attemptId: "att-1")?.status == .initiated)
            #expect(try await h.store.transcript(callSid: "CA0001") == nil)
        }
    }

    @Test func aSignatureJustInsideTheToleranceIsAccepted() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", provider: .elevenLabs, callSid: "CA0001", status: .initiated)
            #expect(try await h.postElevenLabs(body, timestamp: h.clock.date.addingTimeInterval(-29 * 60)).status == 200)
        }
    }

    @Test func aCapturedRequestReplayedAfterTheToleranceIsRejected() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", provider: .elevenLabs, callSid: "CA0001", status: .initiated)
            let signedAt = Int(h.clock.date.timeIntervalSince1970)
            let header = ElevenLabsSignature.header(secret: Secrets.elevenLabs, timestamp: signedAt, body: body)
            #expect(try await h.postElevenLabs(body, header: header).status == 200)
            h.clock.advance(by: .seconds(30 * 60 + 1))
            let replay = try await h.postElevenLabs(body, header: header)
            #expect(replay.status == 403)
            #expect(String(decoding: replay.body, as: UTF8.self) == "signature expired")
            // The same signature on a different body fails even inside the window.
            let altered = Payloads.elevenLabsTranscription(conversationId: "conv_1", callSid: "CA0001", attemptId: "att-1", status: "failed")
            let rebodied = try await h.postElevenLabs(
                altered,
                header: ElevenLabsSignature.header(
                    secret: Secrets.elevenLabs, timestamp: Int(h.clock.date.timeIntervalSince1970), body: body))
            #expect(rebodied.status == 403)
            #expect(try await h.call(attemptId: "att-1")?.status == .completed)
            #expect(try await h.store.callEvents(callSid: "CA0001").count == 1)
        }
    }

    @Test func aRotatedSecretMaySendTwoSignatures() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", provider: .elevenLabs, callSid: "CA0001", status: .initiated)
            let t = Int(h.clock.date.timeIntervalSince1970)
            let good = ElevenLabsSignature.digest(secret: Secrets.elevenLabs, timestamp: t, body: body)
            let old = ElevenLabsSignature.digest(secret: "wsec_old", timestamp: t, body: body)
            #expect(try await h.postElevenLabs(body, header: "t=\(t),v0=\(old),v0=\(good)").status == 200)
        }
    }
}

@Suite("ElevenLabs conversations we did not place") struct ElevenLabsForeignTests {
    @Test func aConversationWeDidNotPlaceKeepsOnlyItsEvent() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            let body = Payloads.elevenLabsTranscription(conversationId: "conv_inbound", callSid: "CA0INB", attemptId: nil)
            #expect(try await h.postElevenLabs(body).status == 200)
            #expect(try await h.store.transcript(callSid: "CA0INB") == nil)
            let events = try await h.store.callEvents(callSid: "CA0INB")
            #expect(events.map(\.eventType) == ["post_call_transcription"])
            #expect(h.listener.calls.isEmpty)
        }
    }
}

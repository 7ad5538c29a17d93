import DialerCore
import DialerHTTP
import DialerStore
import DialerTelephony
import DialerWebhooks
import Foundation
import Testing

@Suite("Bland webhooks") struct BlandTests {
    @Test func aCompletedCallIsStoredWithItsTranscriptRecordingAndPrice() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", provider: .bland, providerCallId: "bland-0001", status: .inProgress)
            #expect(try await h.postBland(Payloads.blandCall(callId: "bland-0001", attemptId: "att-1")).status == 200)

            let call = try #require(try await h.call(attemptId: "att-1"))
            #expect(call.status == .completed)
            #expect(call.duration == 90)
            #expect(call.answeredBy == "human")
            #expect(call.price == "0.135")
            #expect(call.priceUnit == "USD")
            #expect(call.cost == 0.135)
            #expect(call.recordingUrl == "https://server.aws.dc5.bland.ai/v1/recordings/bland-0001")
            #expect(call.endTime == HTTPDate.parseISO8601("2026-09-21T10:41:35.000+00:00"))
            #expect(call.transcript?.contains("call me next week") == true)

            let transcript = try #require(try await h.store.transcript(callSid: "bland-0001"))
            #expect(transcript.transcript.map(\.role) == ["assistant", "user"])
            #expect(transcript.transcript.map(\.timeInCallSecs) == [1, 10])
            #expect(transcript.summary?.hasPrefix("The assistant reached the contact") == true)
            #expect(transcript.analysis == .object(["callback_requested": .bool(true)]))
            #expect(try await h.store.recordings(callSid: "bland-0001").map(\.recordingSid) == ["bland-0001"])
            let events = try await h.store.callEvents(callSid: "bland-0001")
            #expect(events.map(\.eventType) == ["bland-webhook"])
            #expect(events.first?.data["transcripts"] == nil)
            #expect(events.first?.data["call_ended_by"] == .string("USER"), "unknown fields are kept")
            #expect(await h.listener.waitFor(1).map(\.attemptId) == ["att-1"])
        }
    }

    @Test func metadataAttemptIdCorrelatesWhenTheCallIdIsNotStoredYet() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-2", provider: .bland, status: .queued)
            #expect(try await h.postBland(Payloads.blandCall(callId: "bland-0002", attemptId: "att-2")).status == 200)
            let call = try #require(try await h.call(attemptId: "att-2"))
            #expect(call.providerCallId == "bland-0002")
            #expect(call.status == .completed)
        }
    }

    @Test func noAnswerMapsOntoTwilioStatusesAndRepeatsChangeNothing() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-3", provider: .bland, providerCallId: "bland-0003", status: .queued)
            let body = Payloads.blandCall(
                callId: "bland-0003", attemptId: "att-3", status: "no-answer", answeredBy: "no-answer",
                minutes: 0, price: 0)
            #expect(try await h.postBland(body).status == 200)
            #expect(try await h.postBland(body).status == 200)
            #expect(try await h.call(attemptId: "att-3")?.status == .noAnswer)
            #expect(try await h.store.callEvents(callSid: "bland-0003").count == 1)
            #expect(await h.listener.waitFor(1).count == 1)
        }
    }

    @Test func forgedAndMissingSignaturesAreRejected() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", provider: .bland, providerCallId: "bland-0001", status: .inProgress)
            let body = Payloads.blandCall(callId: "bland-0001", attemptId: "att-1")
            let forged = try await h.postBland(body, secret: "not-the-secret")
            let missing = try await h.postBland(body, signature: .some(nil))
            let reused = try await h.postBland(
                Payloads.blandCall(callId: "bland-0001", attemptId: "att-1", status: "failed"),
                signature: BlandSignature.compute(secret: Secrets.bland, body: body))
            #expect([forged, missing, reused].map(\.status) == [403, 403, 403])
            #expect(try await h.call(attemptId: "att-1")?.status == .inProgress)
            #expect(try await h.store.callEvents(callSid: "bland-0001").isEmpty)
        }
    }

    @Test func malformedBodiesAreRefused() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            #expect(try await h.postBland(Array("{".utf8)).status == 400)
            #expect(try await h.postBland(Array(#"{"status": "completed"}"#.utf8)).status == 400)
        }
    }
}

import DialerCore
import DialerStore
import DialerTelephony
import DialerTestSupport
import DialerWebhooks
import Foundation
import Testing

/// The same callbacks against MongoStore on the wire-compatible test server.
@Suite("Webhooks on MongoStore") struct MongoFlowTests {
    @Test func aTwilioCallFromFirstCallbackToRecordingWithRepeatsAndLateArrivals() async throws {
        let store = try await TestDatabase.freshStore()
        try await WebhookHarness.with(store: store) { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-m1")
            let steps: [(WebhookRoute, [(String, String)])] = [
                (.twilioStatus, Payloads.twilioStatus(callSid: "CA00M1", status: "initiated", sequence: 0)),
                (.twilioStatus, Payloads.twilioStatus(callSid: "CA00M1", status: "completed", sequence: 3, duration: 31, answeredBy: "human")),
                (.twilioStatus, Payloads.twilioStatus(callSid: "CA00M1", status: "ringing", sequence: 1)),
                (.twilioStatus, Payloads.twilioStatus(callSid: "CA00M1", status: "completed", sequence: 3, duration: 31, answeredBy: "human")),
                (.twilioAMD, Payloads.twilioAMD(callSid: "CA00M1", answeredBy: "human")),
                (.twilioRecording, Payloads.twilioRecording(callSid: "CA00M1", recordingSid: "RE00M1")),
                (.twilioRecording, Payloads.twilioRecording(callSid: "CA00M1", recordingSid: "RE00M1", status: "in-progress"))
            ]
            for (route, params) in steps {
                #expect(try await h.postTwilio(route, params, attemptId: "att-m1").status == 200)
            }
            let call = try #require(try await store.call(.callSid("CA00M1")))
            #expect(call.attemptId == "att-m1")
            #expect(call.status == .completed)
            #expect(call.duration == 31)
            #expect(call.answeredBy == "human")
            #expect(call.recordingUrl?.hasSuffix("/Recordings/RE00M1") == true)
            let events = try await store.callEvents(callSid: "CA00M1")
            #expect(events.count == 6, "initiated, completed, ringing, amd, two recording statuses; the repeat is dropped")
            let recordings = try await store.recordings(callSid: "CA00M1")
            #expect(recordings.map(\.status) == [.completed])
            #expect(await h.listener.waitFor(1).map(\.attemptId) == ["att-m1"])
        }
    }

    @Test func elevenLabsAndBlandResultsRoundTripThroughBSON() async throws {
        let store = try await TestDatabase.freshStore()
        try await WebhookHarness.with(store: store) { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-e1", provider: .elevenLabs, status: .initiated)
            try await h.insertCall(attemptId: "att-b1", provider: .bland, status: .queued)
            let transcription = Payloads.elevenLabsTranscription(conversationId: "conv_m1", callSid: "CA00E1", attemptId: "att-e1")
            #expect(try await h.postElevenLabs(transcription).status == 200)
            #expect(try await h.postBland(Payloads.blandCall(callId: "bland-m1", attemptId: "att-b1")).status == 200)

            let eleven = try #require(try await store.call(.conversationId("conv_m1")))
            #expect(eleven.status == .completed)
            #expect(eleven.callSid == "CA00E1")
            let transcript = try #require(try await store.transcript(callSid: "CA00E1"))
            #expect(transcript.transcript.count == 3)
            #expect(transcript.sentiment == .object(["callSuccessful": .string("success")]))

            let bland = try #require(try await store.call(.providerCallId("bland-m1")))
            #expect(bland.attemptId == "att-b1")
            #expect(bland.cost == 0.135)
            #expect(try await store.transcript(callSid: "bland-m1")?.transcript.count == 2)
            #expect(Set(await h.listener.waitFor(2).map(\.attemptId)) == ["att-e1", "att-b1"])
        }
    }
}

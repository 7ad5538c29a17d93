import DialerCore
import DialerStore
import DialerTelephony
import DialerWebhooks
import Foundation
import Testing

@Suite("Twilio ingest") struct TwilioIngestTests {
    @Test func aFullCallMovesForwardAndTheEngineHearsOfItsEndOnce() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1")
            let end = Date(timeIntervalSince1970: 1_790_000_200)
            let sequence: [[(String, String)]] = [
                Payloads.twilioStatus(callSid: "CA0001", status: "initiated", sequence: 0),
                Payloads.twilioStatus(callSid: "CA0001", status: "ringing", sequence: 1),
                Payloads.twilioStatus(callSid: "CA0001", status: "in-progress", sequence: 2, answeredBy: "human"),
                Payloads.twilioStatus(callSid: "CA0001", status: "completed", sequence: 3, duration: 42, answeredBy: "human", at: end)
            ]
            for params in sequence {
                #expect(try await h.postTwilio(.twilioStatus, params, attemptId: "att-1").status == 200)
            }
            let call = try #require(try await h.call(attemptId: "att-1"))
            #expect(call.callSid == "CA0001", "the first callback correlated through the attempt id and stored the SID")
            #expect(call.status == .completed)
            #expect(call.duration == 42)
            #expect(call.endTime == end)
            #expect(call.answeredBy == "human")
            #expect(call.startTime == Date(timeIntervalSince1970: 1_790_000_060))
            let events = try await h.store.callEvents(callSid: "CA0001")
            #expect(events.map(\.sequenceNumber) == [0, 1, 2, 3])
            #expect(events.allSatisfy { $0.attemptId == "att-1" && $0.eventType == "status-change" })
            #expect(events.last?.data["CallDuration"] == .string("42"))
            let ended = await h.listener.waitFor(1)
            #expect(ended.map(\.attemptId) == ["att-1"])
            #expect(ended.first?.status == .completed)
        }
    }

    @Test func repeatedCallbacksAreStoredOnceAndEndTheCallOnce() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            let completed = Payloads.twilioStatus(callSid: "CA0001", status: "completed", sequence: 3, duration: 42)
            for _ in 0..<3 {
                #expect(try await h.postTwilio(.twilioStatus, completed, attemptId: "att-1").status == 200)
            }
            #expect(try await h.store.callEvents(callSid: "CA0001").count == 1)
            _ = await h.listener.waitFor(1)
            // A second ended call proves the notifier delivered everything queued before it.
            try await h.insertCall(attemptId: "att-2", callSid: "CA0002")
            let other = Payloads.twilioStatus(callSid: "CA0002", status: "busy", sequence: 2)
            #expect(try await h.postTwilio(.twilioStatus, other, attemptId: "att-2").status == 200)
            let ended = await h.listener.waitFor(2)
            #expect(ended.map(\.attemptId) == ["att-1", "att-2"])
            #expect(ended.map(\.status) == [.completed, .busy])
        }
    }

    @Test func completedArrivingBeforeRingingStaysCompleted() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            let completed = Payloads.twilioStatus(callSid: "CA0001", status: "completed", sequence: 3, duration: 42)
            let ringing = Payloads.twilioStatus(callSid: "CA0001", status: "ringing", sequence: 1)
            let inProgress = Payloads.twilioStatus(
                callSid: "CA0001", status: "in-progress", sequence: 2,
                at: Date(timeIntervalSince1970: 1_790_000_019))
            for params in [completed, ringing, inProgress] {
                #expect(try await h.postTwilio(.twilioStatus, params, attemptId: "att-1").status == 200)
            }
            let call = try #require(try await h.call(attemptId: "att-1"))
            #expect(call.status == .completed)
            #expect(call.duration == 42)
            #expect(
                call.startTime == Date(timeIntervalSince1970: 1_790_000_060 - 42),
                "the start is the end less CallDuration; a late in-progress does not rewrite the finished call")
            #expect(
                await h.listener.waitFor(1).first?.startTime == Date(timeIntervalSince1970: 1_790_000_018),
                "the engine hears of the end with its start")
            // The timeline keeps every event, late ones included.
            #expect(Set(try await h.store.callEvents(callSid: "CA0001").compactMap(\.sequenceNumber)) == [1, 2, 3])
            #expect(await h.listener.waitFor(1).count == 1)
        }
    }

    @Test func aCallThatNeverConnectedHasNoStartEvenWhenItEndsFirst() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            for status in ["no-answer", "completed"] {
                let params = Payloads.twilioStatus(callSid: "CA0001", status: status, sequence: 3, duration: 0)
                #expect(try await h.postTwilio(.twilioStatus, params, attemptId: "att-1").status == 200)
            }
            #expect(try await h.call(attemptId: "att-1")?.startTime == nil)
        }
    }

    @Test func unknownFieldsAndStatusesAreTolerated() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            let extra = [("StirVerstat", "TN-Validation-Passed-A"), ("ParentCallSid", ""), ("FutureField", "x&y=z")]
            let params = Payloads.twilioStatus(callSid: "CA0001", status: "ringing", sequence: 1, extra: extra)
            #expect(try await h.postTwilio(.twilioStatus, params, attemptId: "att-1").status == 200)
            let odd = Payloads.twilioStatus(callSid: "CA0001", status: "transferring", sequence: 2)
            #expect(try await h.postTwilio(.twilioStatus, odd, attemptId: "att-1").status == 200)
            #expect(try await h.call(attemptId: "att-1")?.status == .ringing)
            let events = try await h.store.callEvents(callSid: "CA0001")
            #expect(events.count == 2)
            #expect(events.first { $0.sequenceNumber == 1 }?.data["FutureField"] == .string("x&y=z"))
        }
    }

    @Test func encodedValuesDecodeExactlyAsTwilioSignedThem() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att 1/é+", callSid: "CA0001")
            let tricky = [("CallerName", "Zoë O'Brien & Co = 100% +1"), ("Empty", ""), ("Emoji", "📞"), ("Plus", "+14155550100")]
            let params = Payloads.twilioStatus(callSid: "CA0001", status: "ringing", sequence: 1, extra: tricky)
            #expect(try await h.postTwilio(.twilioStatus, params, attemptId: "att 1/é+").status == 200)
            let event = try #require(try await h.store.callEvents(callSid: "CA0001").first)
            #expect(event.attemptId == "att 1/é+")
            for (key, value) in tricky { #expect(event.data[key] == .string(value)) }
        }
    }

    @Test func aCallbackWithoutSequenceNumbersIsKeyedByItsStatus() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            for status in ["ringing", "completed", "completed"] {
                let params = Payloads.twilioStatus(callSid: "CA0001", status: status, sequence: nil)
                #expect(try await h.postTwilio(.twilioStatus, params).status == 200)
            }
            #expect(try await h.store.callEvents(callSid: "CA0001").count == 2)
            #expect(try await h.call(attemptId: "att-1")?.status == .completed)
        }
    }

    @Test func anUnknownCallIsAcknowledgedAndItsEventKept() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            let params = Payloads.twilioStatus(callSid: "CA9999", status: "completed", sequence: 3, duration: 5)
            let response = try await h.postTwilio(.twilioStatus, params, attemptId: "no-such-attempt")
            #expect(response.status == 200, "a non-2xx answer would make Twilio retry what can never succeed")
            let events = try await h.store.callEvents(callSid: "CA9999")
            #expect(events.count == 1)
            #expect(events.first?.attemptId == "no-such-attempt")
            #expect(h.listener.calls.isEmpty)
        }
    }

    @Test func malformedCallbacksAreRefusedWith400() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            let noSid = Payloads.twilioStatus(callSid: "CA0001", status: "ringing", sequence: 1).filter { $0.0 != "CallSid" }
            let badSequence = Payloads.twilioStatus(callSid: "CA0001", status: "ringing", sequence: nil, extra: [("SequenceNumber", "one")])
            let noStatus = Payloads.twilioStatus(callSid: "CA0001", status: "", sequence: 1)
            for params in [noSid, badSequence, noStatus] {
                #expect(try await h.postTwilio(.twilioStatus, params).status == 400)
            }
            #expect(try await h.postTwilio(.twilioRecording, [("CallSid", "CA0001")]).status == 400)
            #expect(try await h.postTwilio(.twilioAMD, [("CallSid", "CA0001")]).status == 400)
            #expect(try await h.store.callEvents(callSid: "CA0001").isEmpty)
        }
    }

    @Test func recordingsAreUpsertedPerSidAndNeverGoBackToInProgress() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            let completed = Payloads.twilioRecording(callSid: "CA0001", recordingSid: "RE0001", status: "completed", duration: 16)
            let inProgress = Payloads.twilioRecording(callSid: "CA0001", recordingSid: "RE0001", status: "in-progress", duration: 0)
            for params in [completed, completed, inProgress] {
                #expect(try await h.postTwilio(.twilioRecording, params, attemptId: "att-1").status == 200)
            }
            let recordings = try await h.store.recordings(callSid: "CA0001")
            #expect(recordings.count == 1)
            #expect(recordings.first?.status == .completed)
            #expect(recordings.first?.duration == 16)
            #expect(recordings.first?.url == "https://api.twilio.com/2010-04-01/Accounts/\(Payloads.accountSid)/Recordings/RE0001")
            #expect(try await h.call(attemptId: "att-1")?.recordingUrl == recordings.first?.url)
            #expect(try await h.store.callEvents(callSid: "CA0001").map(\.eventType).sorted() == ["recording", "recording"])
        }
    }

    @Test func asyncAMDSetsAnsweredByWithoutTouchingTheStatus() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1")
            let params = Payloads.twilioAMD(callSid: "CA0001", answeredBy: "machine_end_beep")
            #expect(try await h.postTwilio(.twilioAMD, params, attemptId: "att-1").status == 200)
            #expect(try await h.postTwilio(.twilioAMD, params, attemptId: "att-1").status == 200)
            let call = try #require(try await h.call(attemptId: "att-1"))
            #expect(call.answeredBy == "machine_end_beep")
            #expect(call.callSid == "CA0001")
            #expect(call.status == .queued)
            #expect(try await h.store.callEvents(callSid: "CA0001").count == 1)
            #expect(h.listener.calls.isEmpty)
        }
    }

    @Test func aLateCallbackStillFillsInAMissingCallSid() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            // The reconciler settled the call before any callback told us its SID.
            try await h.insertCall(attemptId: "att-1", status: .completed)
            let params = Payloads.twilioStatus(callSid: "CA0001", status: "completed", sequence: 3, duration: 9)
            #expect(try await h.postTwilio(.twilioStatus, params, attemptId: "att-1").status == 200)
            let call = try #require(try await h.call(attemptId: "att-1"))
            #expect(call.callSid == "CA0001")
            #expect(call.duration == nil, "a stale callback writes ids only")
            #expect(h.listener.calls.isEmpty, "the call had already ended; the engine heard of it then")
        }
    }

    @Test func aStoreOutageAnswers503SoTheProviderRetries() async throws {
        let store = InMemoryStore()
        try await WebhookHarness.with(store: store) { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            store.failAllOperations(with: .unavailable("test outage"))
            let params = Payloads.twilioStatus(callSid: "CA0001", status: "completed", sequence: 3, duration: 9)
            #expect(try await h.postTwilio(.twilioStatus, params, attemptId: "att-1").status == 503)
            store.failAllOperations(with: nil)
            #expect(try await h.postTwilio(.twilioStatus, params, attemptId: "att-1").status == 200)
            #expect(try await h.call(attemptId: "att-1")?.status == .completed)
            #expect(await h.listener.waitFor(1).count == 1)
        }
    }
}

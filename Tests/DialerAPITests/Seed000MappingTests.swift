import DialerAPI
import DialerCore
import Foundation
import Testing

@Suite("API: seed 000's call document, mapped by one function") struct Seed000MappingTests {
    @Test(arguments: [
        (CallStatus.queued, "pending"), (.initiated, "pending"), (.ringing, "pending"), (.inProgress, "in_progress"),
        (.completed, "completed"), (.busy, "failed"), (.noAnswer, "failed"), (.failed, "failed"), (.canceled, "failed"),
        (.unknown("scheduled"), "pending")
    ])
    func statusTable(_ ours: CallStatus, _ theirs: String) {
        #expect(Seed000Call.Status.of(ours).rawValue == theirs)
    }

    @Test func everyQueryStatusCoversExactlyItsOwn() {
        let covered = Seed000Call.Status.allCases.flatMap(\.callStatuses)
        #expect(covered.count == CallStatus.knownCases.count)
        #expect(Set(covered.map(\.rawValue)) == Set(CallStatus.knownCases.map(\.rawValue)))
    }

    @Test func fieldsTable() throws {
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        let id = ObjectId(hex: "650000000000000000000001")!
        let contact = ObjectId(hex: "650000000000000000000002")!
        var call = Call(
            id: id, attemptId: "a1", provider: .bland, attempt: 1, status: .noAnswer, from: "+1", to: "+14155550100", contactId: contact, now: t0)
        call.providerCallId = "bland-789"
        call.callSid = "CA1"
        call.duration = 42
        call.startTime = t0.addingTimeInterval(5)
        call.endTime = t0.addingTimeInterval(47)
        call.updatedAt = t0.addingTimeInterval(50)
        call.transcript = "hi"
        call.recordingUrl = "https://r"
        call.outcome = "voicemail"
        call.notes = "n"
        call.cost = 0.12
        let mapped = Seed000Call(call)
        #expect(mapped.id == id.hex)
        #expect(mapped.contactId == contact.hex)
        #expect(mapped.callId == "bland-789")
        #expect(mapped.status == .failed)
        #expect(mapped.phoneNumber == "+14155550100")
        #expect(mapped.duration == 42)
        #expect(mapped.startedAt == call.startTime)
        #expect(mapped.endedAt == call.endTime)
        #expect(mapped.createdAt == t0)
        #expect(mapped.updatedAt == call.updatedAt)
        #expect(
            [mapped.transcript, mapped.recordingUrl, mapped.callType, mapped.outcome, mapped.notes] == [
                "hi", "https://r", "outbound", "voicemail", "n"
            ])
        #expect(mapped.cost == 0.12)

        var twilio = call
        twilio.providerCallId = nil
        #expect(Seed000Call(twilio).callId == "CA1")
        twilio.callSid = nil
        twilio.conversationId = "conv_1"
        #expect(Seed000Call(twilio).callId == "conv_1")

        let json = try JSONSerialization.jsonObject(with: APIJSON.encoder.encode(mapped)) as? [String: Any]
        #expect(
            Set(json?.keys.map { $0 } ?? []) == [
                "id", "contact_id", "call_id", "status", "phone_number", "duration", "started_at", "ended_at", "created_at", "updated_at",
                "transcript", "recording_url", "call_type", "outcome", "notes", "cost"
            ])
        #expect(json?["started_at"] as? String == "2026-09-21T14:13:25.000Z")
    }
}

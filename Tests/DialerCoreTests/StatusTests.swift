import DialerCore
import Testing

@Suite struct StatusTests {
    @Test func unknownValuesAreKeptNotRejected() {
        let status = CallStatus(raw: "answered-by-robot")
        #expect(status == .unknown("answered-by-robot"))
        #expect(status.rawValue == "answered-by-robot")
        #expect(!status.isKnown)
        #expect(ContactStatus(rawValue: "do-not-call") == .doNotCall)
        #expect(CallStatus(rawValue: "no-answer") == .noAnswer)
    }

    @Test func statusOnlyRanksForward() {
        #expect(CallStatus.completed.rank > CallStatus.ringing.rank)
        #expect(CallStatus.ringing.replaceable == [.queued, .initiated])
        #expect(CallStatus.completed.isTerminal)
        #expect(!CallStatus.inProgress.isTerminal)
        #expect(Set(CallStatus.terminal) == [.completed, .busy, .noAnswer, .failed, .canceled])
    }

    @Test func phoneNumbersMustBeE164() {
        #expect(PhoneNumber(e164: "+14155550100") != nil)
        #expect(PhoneNumber(e164: "+61291234567") != nil)
        #expect(PhoneNumber(e164: "4155550100") == nil)
        #expect(PhoneNumber(e164: "+0155550100") == nil)
        #expect(PhoneNumber(e164: "+1415555010a") == nil)
        #expect(PhoneNumber(e164: "+1234567890123456") == nil)
    }

    @Test func objectIdRoundTripsThroughHex() {
        let id = ObjectId()
        #expect(ObjectId(hex: id.hex) == id)
        #expect(ObjectId(hex: "zz") == nil)
        #expect(ObjectId() != ObjectId())
    }
}

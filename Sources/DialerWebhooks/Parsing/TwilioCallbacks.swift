import DialerCore
import DialerHTTP
import Foundation

/// A Twilio call status callback (StatusCallback). Only CallSid and CallStatus are required;
/// every other parameter is optional and unknown ones are kept in the event data.
struct TwilioStatusCallback: Sendable {
    var callSid: String
    var status: CallStatus
    var sequenceNumber: Int?
    var timestamp: Date?
    /// Seconds; Twilio's `CallDuration` (its `Duration` is in whole minutes).
    var duration: Int?
    var answeredBy: String?
    var price: String?
    var priceUnit: String?
    var recordingUrl: String?
    var errorCode: String?
    var errorMessage: String?
    var parameters: FormParameters

    init(_ form: FormParameters) throws(WebhookParseError) {
        guard let callSid = form["CallSid"] else { throw .missing("CallSid") }
        guard let status = form["CallStatus"] else { throw .missing("CallStatus") }
        self.callSid = callSid
        self.status = CallStatus(raw: status)
        sequenceNumber = try form["SequenceNumber"].map { text throws(WebhookParseError) in
            guard let n = Int(text) else { throw .invalid("SequenceNumber") }
            return n
        }
        timestamp = form["Timestamp"].flatMap(HTTPDate.parse)
        duration = form["CallDuration"].flatMap { Int($0) }
        answeredBy = form["AnsweredBy"]
        price = form["Price"]
        priceUnit = form["PriceUnit"]
        recordingUrl = form["RecordingUrl"]
        errorCode = form["ErrorCode"].flatMap { $0 == "0" ? nil : $0 }
        errorMessage = form["ErrorMessage"]
        parameters = form
    }

    /// When a call that ended at `end` was answered: Twilio's `CallDuration` counts from the
    /// answer. Nil for a call that never connected.
    func answeredAt(endingAt end: Date) -> Date? {
        guard status == .completed, let duration, duration > 0 else { return nil }
        return end.addingTimeInterval(-TimeInterval(duration))
    }
}

/// RecordingStatusCallback.
struct TwilioRecordingCallback: Sendable {
    var callSid: String
    var recordingSid: String
    var status: RecordingStatus
    var url: String?
    var duration: Int?
    var parameters: FormParameters

    init(_ form: FormParameters) throws(WebhookParseError) {
        guard let callSid = form["CallSid"] else { throw .missing("CallSid") }
        guard let recordingSid = form["RecordingSid"] else { throw .missing("RecordingSid") }
        self.callSid = callSid
        self.recordingSid = recordingSid
        // Twilio omits RecordingStatus only on old API versions, where the callback meant "completed".
        status = RecordingStatus(raw: form["RecordingStatus"] ?? "completed")
        url = form["RecordingUrl"]
        duration = form["RecordingDuration"].flatMap { Int($0) }
        parameters = form
    }
}

/// AsyncAmdStatusCallback: the answering-machine verdict, after the call was already connected.
struct TwilioAMDCallback: Sendable {
    var callSid: String
    var answeredBy: String
    var parameters: FormParameters

    init(_ form: FormParameters) throws(WebhookParseError) {
        guard let callSid = form["CallSid"] else { throw .missing("CallSid") }
        guard let answeredBy = form["AnsweredBy"] else { throw .missing("AnsweredBy") }
        self.callSid = callSid
        self.answeredBy = answeredBy
        parameters = form
    }
}

enum WebhookParseError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing(String)
    case invalid(String)
    case notJSON

    var description: String {
        switch self {
        case .missing(let field): "missing \(field)"
        case .invalid(let field): "invalid \(field)"
        case .notJSON: "body is not a JSON object"
        }
    }
}

import DialerCore
import DialerHTTP
import DialerTelephony
import Foundation

/// Bland's post-call webhook: the same object as GET /v1/calls/{id}.
struct BlandWebhook: Sendable {
    var callId: String
    var attemptId: String?
    var details: BlandCallDetails?
    var startTime: Date?
    var endTime: Date?
    var durationSeconds: Int?
    var recordingUrl: String?
    var concatenatedTranscript: String?
    var segments: [TranscriptSegment]
    var summary: String?
    var analysis: JSONValue?
    /// The body without its transcripts, for the call event.
    var eventData: [String: JSONValue]

    init(body: [UInt8]) throws(WebhookParseError) {
        guard let json = JSONValue.parseObject(body), case .object(var fields) = json else { throw .notJSON }
        guard let callId = (json["call_id"] ?? json["c_id"])?.text else { throw .missing("call_id") }
        // The typed view maps Bland's statuses; unexpected field types must not reject the callback.
        details =
            (try? JSONDecoder().decode(BlandCallDetails.self, from: Data(body)))
            ?? BlandCallDetails.lenient(json)
        self.callId = callId
        attemptId = json.at("metadata", "attemptId")?.text ?? json.at("variables", "metadata", "attemptId")?.text
        startTime = json["started_at"]?.string.flatMap(HTTPDate.parseISO8601)
        endTime = json["end_at"]?.string.flatMap(HTTPDate.parseISO8601)
        if let corrected = json["corrected_duration"]?.text.flatMap({ Double($0) }) {
            durationSeconds = Int(corrected.rounded())
        } else {
            durationSeconds = json["call_length"]?.double.map { Int(($0 * 60).rounded()) }
        }
        recordingUrl = json["recording_url"]?.string
        concatenatedTranscript = json["concatenated_transcript"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        let started = startTime
        segments = (json["transcripts"]?.array ?? []).compactMap { turn in
            guard let role = turn["user"]?.string else { return nil }
            let at = turn["created_at"]?.string.flatMap(HTTPDate.parseISO8601)
            let offset = started.flatMap { start in at.map { max(0, $0.timeIntervalSince(start)) } }
            return TranscriptSegment(role: role, message: turn["text"]?.string, timeInCallSecs: offset)
        }
        summary = json["summary"]?.string
        analysis = json["analysis"].nonNull
        fields["transcripts"] = nil
        fields["concatenated_transcript"] = nil
        eventData = fields
    }

    /// Terminal statuses and in-call progress map onto Twilio's set; anything unrecognised
    /// leaves the status alone.
    var callStatus: CallStatus? {
        guard let status = details?.callStatus else { return nil }
        return status.isKnown ? status : nil
    }

    /// USD.
    var price: Double? { details?.price }
}

extension BlandCallDetails {
    /// Used when a field has a type the strict decoder refuses (say, `price` as a string).
    static func lenient(_ json: JSONValue) -> BlandCallDetails? {
        var fields: [String: JSONValue] = [:]
        for key in [
            "call_id", "to", "from", "status", "queue_status", "created_at", "started_at", "end_at",
            "answered_by", "error_message"
        ] {
            if let text = json[key]?.text { fields[key] = .string(text) }
        }
        if let completed = json["completed"]?.bool { fields["completed"] = .bool(completed) }
        if let length = json["call_length"]?.double { fields["call_length"] = .double(length) }
        if let price = json["price"]?.double { fields["price"] = .double(price) }
        if let metadata = json["metadata"]?.object { fields["metadata"] = .object(metadata) }
        guard let data = try? JSONEncoder().encode(JSONValue.object(fields)) else { return nil }
        return try? JSONDecoder().decode(BlandCallDetails.self, from: data)
    }
}

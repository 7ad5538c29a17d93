import DialerCore
import DialerStore
import DialerTelephony
import Foundation

/// ElevenLabs' post-call webhook envelope: `{type, event_timestamp, data}`.
enum ElevenLabsWebhook: Sendable {
    case transcription(ElevenLabsTranscription)
    case audio(ElevenLabsAudioNotice)
    case initiationFailure(ElevenLabsInitiationFailure)
    /// A type we do not handle (ElevenLabs adds event types over time); acknowledged and ignored.
    case other(type: String)

    init(body: [UInt8]) throws(WebhookParseError) {
        guard let envelope = JSONValue.parseObject(body) else { throw .notJSON }
        guard let type = envelope["type"]?.string else { throw .missing("type") }
        let timestamp = envelope["event_timestamp"]?.double.map { Date(timeIntervalSince1970: $0) }
        let data = envelope["data"].nonNull ?? .object([:])
        switch type {
        case "post_call_transcription": self = .transcription(try ElevenLabsTranscription(data, eventTimestamp: timestamp))
        case "post_call_audio": self = .audio(try ElevenLabsAudioNotice(data, eventTimestamp: timestamp))
        case "call_initiation_failure": self = .initiationFailure(try ElevenLabsInitiationFailure(data, eventTimestamp: timestamp))
        default: self = .other(type: type)
        }
    }
}

/// The ids a webhook may carry to find our call, best first.
struct ElevenLabsCorrelation: Sendable {
    var conversationId: String
    var callSid: String?
    var attemptId: String?

    init(_ data: JSONValue, conversationId: String, callSid: String?) {
        let variables = data.at("conversation_initiation_client_data", "dynamic_variables")
        self.conversationId = conversationId
        self.callSid = callSid ?? variables?["system__call_sid"]?.string
        attemptId = variables?[ElevenLabsCallProvider.attemptIdVariable]?.text
    }

    /// The conversation id ties the callback to our call; the attempt id only finds a call whose
    /// conversation id is not stored yet (see `CallBinding`).
    var binding: CallBinding {
        CallBinding(kind: .conversationId, providerId: conversationId, callSid: callSid, attemptId: attemptId)
    }
}

struct ElevenLabsTranscription: Sendable {
    var correlation: ElevenLabsCorrelation
    var agentId: String?
    /// "done", or "failed" when the conversation broke down.
    var conversationStatus: String?
    var eventTimestamp: Date?
    var startTime: Date?
    var durationSeconds: Int?
    /// ElevenLabs credits, not money.
    var cost: Int?
    var terminationReason: String?
    var segments: [TranscriptSegment]
    var summary: String?
    var analysis: JSONValue?
    var sentiment: JSONValue?
    /// `data` without the transcript, which goes to the transcripts collection instead.
    var eventData: [String: JSONValue]

    init(_ data: JSONValue, eventTimestamp: Date?) throws(WebhookParseError) {
        guard let conversationId = data["conversation_id"]?.text else { throw .missing("data.conversation_id") }
        guard case .object(var fields) = data else { throw .invalid("data") }
        let metadata = data["metadata"].nonNull
        correlation = ElevenLabsCorrelation(
            data, conversationId: conversationId,
            callSid: metadata?.at("phone_call", "call_sid")?.string)
        agentId = data["agent_id"]?.text
        conversationStatus = data["status"]?.string
        self.eventTimestamp = eventTimestamp
        startTime = metadata?["start_time_unix_secs"]?.double.map { Date(timeIntervalSince1970: $0) }
        durationSeconds = metadata?["call_duration_secs"]?.int
        cost = metadata?["cost"]?.int
        terminationReason = metadata?["termination_reason"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        segments = (data["transcript"]?.array ?? []).compactMap { turn in
            guard let role = turn["role"]?.string else { return nil }
            return TranscriptSegment(role: role, message: turn["message"]?.string, timeInCallSecs: turn["time_in_call_secs"]?.double)
        }
        let analysis = data["analysis"].nonNull
        self.analysis = analysis
        summary = analysis?["transcript_summary"]?.string
        // ElevenLabs has no sentiment field as such: an agent's "sentiment" data-collection item
        // is used when configured, otherwise its call_successful verdict.
        if let collected = analysis?.at("data_collection_results", "sentiment").nonNull {
            sentiment = collected
        } else if let verdict = analysis?["call_successful"].nonNull {
            sentiment = .object(["callSuccessful": verdict])
        }
        fields["transcript"] = nil
        eventData = fields
    }

    var callStatus: CallStatus { conversationStatus == "failed" ? .failed : .completed }

    var endTime: Date? {
        if let startTime, let durationSeconds { return startTime.addingTimeInterval(TimeInterval(durationSeconds)) }
        return eventTimestamp
    }

    /// The whole conversation as text, for seed 000's `calls.transcript`.
    var plainText: String {
        segments.map { "\($0.role): \($0.message ?? "")" }.joined(separator: "\n")
    }
}

/// `post_call_audio`: acknowledged, its audio never stored.
struct ElevenLabsAudioNotice: Sendable {
    var conversationId: String
    var agentId: String?
    var eventTimestamp: Date?
    var audioBase64Length: Int

    init(_ data: JSONValue, eventTimestamp: Date?) throws(WebhookParseError) {
        guard let conversationId = data["conversation_id"]?.text else { throw .missing("data.conversation_id") }
        self.conversationId = conversationId
        agentId = data["agent_id"]?.text
        self.eventTimestamp = eventTimestamp
        audioBase64Length = data["full_audio"]?.string?.utf8.count ?? 0
    }
}

/// `call_initiation_failure`: the call never connected (busy, no answer, or a carrier failure).
struct ElevenLabsInitiationFailure: Sendable {
    var correlation: ElevenLabsCorrelation
    var agentId: String?
    var failureReason: String
    var eventTimestamp: Date?
    /// The telephony provider's own report; for Twilio, its status callback parameters.
    var providerBody: JSONValue?
    var eventData: [String: JSONValue]

    init(_ data: JSONValue, eventTimestamp: Date?) throws(WebhookParseError) {
        guard let conversationId = data["conversation_id"]?.text else { throw .missing("data.conversation_id") }
        guard let fields = data.object else { throw .invalid("data") }
        providerBody = data.at("metadata", "body").nonNull
        correlation = ElevenLabsCorrelation(data, conversationId: conversationId, callSid: providerBody?["CallSid"]?.string)
        agentId = data["agent_id"]?.text
        failureReason = data["failure_reason"]?.string ?? "unknown"
        self.eventTimestamp = eventTimestamp
        eventData = fields
    }

    /// ElevenLabs documents busy, no-answer and unknown; Twilio's own CallStatus breaks an "unknown".
    var callStatus: CallStatus {
        switch failureReason.lowercased() {
        case "busy": return .busy
        case "no-answer", "no_answer", "noanswer": return .noAnswer
        case "canceled", "cancelled": return .canceled
        default:
            if let reported = providerBody?["CallStatus"]?.string.map(CallStatus.init(raw:)), reported.isTerminal,
                reported != .completed
            {
                return reported
            }
            return .failed
        }
    }

    var durationSeconds: Int { providerBody?["CallDuration"]?.text.flatMap { Int($0) } ?? 0 }
}

import DialerCore
import DialerHTTP
import Foundation

/// POST /v1/calls body.
struct BlandSendCallBody: Encodable {
    var phoneNumber: String
    var task: String?
    var pathwayId: String?
    var firstSentence: String?
    var from: String?
    var voice: String?
    var maxDuration: Int?
    var record: Bool
    var answeredByEnabled: Bool
    var voicemailAction: String?
    var voicemailMessage: String?
    var webhook: String
    var requestData: [String: JSONValue]
    var metadata: [String: String]

    enum CodingKeys: String, CodingKey {
        case task, from, voice, record, webhook, metadata
        case phoneNumber = "phone_number"
        case pathwayId = "pathway_id"
        case firstSentence = "first_sentence"
        case maxDuration = "max_duration"
        case answeredByEnabled = "answered_by_enabled"
        case requestData = "request_data"
        case voicemailAction = "voicemail_action"
        case voicemailMessage = "voicemail_message"
    }
}

/// Bland's envelope for send, stop and errors: {status: success|error, message, call_id, errors}.
struct BlandStatusResponse: Decodable {
    var status: String?
    var message: String?
    var callId: String?
    var errors: [JSONValue]?

    enum CodingKeys: String, CodingKey {
        case status, message, errors
        case callId = "call_id"
    }
}

/// GET /v1/calls/{id}, also the body of Bland's webhook.
public struct BlandCallDetails: Decodable, Sendable, Equatable {
    public var callId: String?
    public var to: String?
    public var from: String?
    public var completed: Bool?
    public var status: String?
    public var queueStatus: String?
    public var createdAt: String?
    public var startedAt: String?
    public var endAt: String?
    /// Minutes.
    public var callLength: Double?
    public var answeredBy: String?
    public var errorMessage: String?
    public var price: Double?
    public var metadata: [String: JSONValue]?

    enum CodingKeys: String, CodingKey {
        case to, from, completed, status, price, metadata
        case callId = "call_id"
        case queueStatus = "queue_status"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case endAt = "end_at"
        case callLength = "call_length"
        case answeredBy = "answered_by"
        case errorMessage = "error_message"
    }

    /// Bland's statuses mapped onto Twilio's. `status` is preferred; `completed` overrides a
    /// stale `queue_status`, as Bland documents.
    public var callStatus: CallStatus {
        for raw in [status, queueStatus].compactMap({ $0?.lowercased() }) {
            switch raw {
            case "new", "queued", "allocated", "pending": if completed != true { return .queued }
            case "ringing": if completed != true { return .ringing }
            case "started", "in-progress", "in_progress", "active": if completed != true { return .inProgress }
            case "busy": return .busy
            case "no-answer", "no_answer", "noanswer": return .noAnswer
            case "failed", "error": return .failed
            case "canceled", "cancelled", "stopped": return .canceled
            case "complete", "completed":
                return answeredBy == "no-answer" ? .noAnswer : .completed
            default: continue
            }
        }
        if completed == true { return errorMessage == nil ? .completed : .failed }
        return .unknown(status ?? queueStatus ?? "")
    }

    public var snapshot: ProviderCallSnapshot {
        let started = startedAt.flatMap(HTTPDate.parseISO8601)
        let seconds = callLength.map { Int(($0 * 60).rounded()) }
        return ProviderCallSnapshot(
            ids: ProviderCallIds(providerCallId: callId), status: callStatus, to: to, from: from,
            createdAt: createdAt.flatMap(HTTPDate.parseISO8601), startTime: started,
            endTime: callStatus.isTerminal ? both(started, seconds).map { $0.addingTimeInterval(TimeInterval($1)) } : nil,
            duration: seconds, answeredBy: answeredBy, price: price.map { String($0) }, priceUnit: price == nil ? nil : "USD",
            attemptId: metadata?["attemptId"]?.stringValue)
    }
}

private func both<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

/// GET /v1/calls.
struct BlandCallList: Decodable {
    var calls: [BlandCallDetails]
}

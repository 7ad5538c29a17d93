import DialerCore
import Foundation

/// Seed 000's call document (`CallDocument`), snake_case, as its `/api/v1/mongo/calls/` routes answer.
public struct Seed000Call: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case pending
        case inProgress = "in_progress"
        case completed, failed
    }

    public var id: String
    public var contactId: String?
    public var callId: String?
    public var status: Status
    public var phoneNumber: String
    public var duration: Int?
    public var startedAt: Date?
    public var endedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var transcript: String?
    public var recordingUrl: String?
    public var callType: String?
    public var outcome: String?
    public var notes: String?
    public var cost: Double?

    enum CodingKeys: String, CodingKey {
        case id, status, duration, transcript, outcome, notes, cost
        case contactId = "contact_id"
        case callId = "call_id"
        case phoneNumber = "phone_number"
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case recordingUrl = "recording_url"
        case callType = "call_type"
    }

    /// The one mapping from our call to seed 000's document:
    /// - `id`: our `_id`; `call_id`: the provider's id of the call (Bland's `call_id`, else the
    ///   Twilio `callSid`, else the ElevenLabs `conversationId`); `contact_id`: our `contactId`;
    /// - `status`: by `Status.of(_:)`; `phone_number`: the number called (`to`);
    /// - `started_at`/`ended_at`: `startTime`/`endTime`; the rest under the same names, snake_case.
    public init(_ call: Call) {
        id = call.id?.hex ?? ""
        contactId = call.contactId?.hex
        callId = call.providerCallId ?? call.callSid ?? call.conversationId
        status = Status.of(call.status)
        phoneNumber = call.to
        duration = call.duration
        startedAt = call.startTime
        endedAt = call.endTime
        createdAt = call.createdAt
        updatedAt = call.updatedAt
        transcript = call.transcript
        recordingUrl = call.recordingUrl
        callType = call.callType
        outcome = call.outcome
        notes = call.notes
        cost = call.cost
    }

    static let schema = ObjectSchema()
        .field("id", .objectId).field("status", .enumeration(Status.allCases.map(\.rawValue))).field("phone_number", .string())
        .field("created_at", .dateTime).field("updated_at", .dateTime)
        .optional("contact_id", .string()).optional("call_id", .string()).optional("duration", .integer(minimum: 0))
        .optional("started_at", .dateTime).optional("ended_at", .dateTime).optional("transcript", .string())
        .optional("recording_url", .string()).optional("call_type", .string()).optional("outcome", .string())
        .optional("notes", .string()).optional("cost", .number())
        .closed
}

extension Seed000Call.Status {
    /// Seed 000 has four statuses to our nine: not yet answered is `pending`, answered and live is
    /// `in_progress`, a normal end is `completed`, and every other end is `failed`. A status
    /// another tool wrote that we do not know has not ended as far as we can tell: `pending`.
    public static func of(_ status: CallStatus) -> Self {
        switch status {
        case .queued, .initiated, .ringing, .unknown: .pending
        case .inProgress: .inProgress
        case .completed: .completed
        case .busy, .noAnswer, .failed, .canceled: .failed
        }
    }

    /// Our statuses that map to this one: what a query for it matches.
    public var callStatuses: [CallStatus] { CallStatus.knownCases.filter { Self.of($0) == self } }
}

/// A page of seed 000's list routes: 1-based `page`, ten a page, as its pagination methods.
public struct Seed000CallPage: Codable, Sendable, Equatable {
    public var calls: [Seed000Call]
    public var page: Int
    public var pageSize: Int
    public var total: Int
    public var totalPages: Int

    enum CodingKeys: String, CodingKey {
        case calls, page, total
        case pageSize = "page_size"
        case totalPages = "total_pages"
    }

    static let schema = ObjectSchema()
        .field("calls", .array(.ref("Seed000Call"))).field("page", .integer(minimum: 1)).field("page_size", .integer(minimum: 1))
        .field("total", .integer(minimum: 0)).field("total_pages", .integer(minimum: 0))
        .closed
}

/// `GET /api/v1/mongo/calls/stats`: seed 000's `get_call_stats`.
public struct Seed000CallStats: Codable, Sendable, Equatable {
    public var totalCalls: Int
    public var byStatus: [String: Int]
    /// Over calls with a duration; 0 when none has one.
    public var averageDuration: Double
    /// Completed and failed, as fractions of the calls that ended; 0 when none has.
    public var successRate: Double
    public var failureRate: Double

    enum CodingKeys: String, CodingKey {
        case totalCalls = "total_calls"
        case byStatus = "by_status"
        case averageDuration = "average_duration"
        case successRate = "success_rate"
        case failureRate = "failure_rate"
    }

    static let schema = ObjectSchema()
        .field("total_calls", .integer(minimum: 0))
        .field(
            "by_status",
            .object(
                properties: Seed000Call.Status.allCases.map { ($0.rawValue, JSONSchema.integer(minimum: 0)) },
                required: Seed000Call.Status.allCases.map(\.rawValue))
        )
        .field("average_duration", .number(minimum: 0)).field("success_rate", .number(minimum: 0)).field("failure_rate", .number(minimum: 0))
        .closed
}

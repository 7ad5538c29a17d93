import DialerCore
import Foundation

/// The JSON bodies of the event webhooks. Every body has the same envelope, so a receiver can
/// route on `type` and deduplicate on `id` (also sent as `Idempotency-Key`).
enum EventPayload {
    struct Envelope<Data: Encodable>: Encodable {
        var id: String
        var type: String
        var createdAt: Date
        var data: Data
    }

    struct CallEnded: Encodable {
        var callId: String
        var campaignId: String
        var contactId: String
        var attemptId: String
        var attempt: Int
        var provider: String
        var callSid: String?
        var to: String
        var status: String
        /// The verdict, as in the contact's `lastCallResult`: completed-human, busy, failed-21211…
        var outcome: String
        /// The contact's dialing state after it: completed, failed or retry.
        var contactState: String
        var durationSeconds: Int?
        var cost: Double?
        var summary: String?
        var endedAt: Date?
    }

    struct CampaignCompleted: Encodable {
        var campaignId: String
        var name: String
        var stats: CampaignStats
    }

    static func callEndedKey(_ callId: ObjectId) -> String { "call.ended:\(callId.hex)" }
    static func campaignCompletedKey(_ campaignId: ObjectId) -> String { "campaign.completed:\(campaignId.hex)" }

    static func body<Data: Encodable>(key: String, type: String, at: Date, _ data: Data) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let bytes = try encoder.encode(Envelope(id: key, type: type, createdAt: at, data: data))
        return String(decoding: bytes, as: UTF8.self)
    }
}

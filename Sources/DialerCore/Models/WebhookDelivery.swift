import Foundation

/// One outbound event webhook in the durable queue (`webhookDeliveries`): the event's frozen
/// body, where it goes, and how its delivery stands.
///
/// `id` is the event's idempotency key (`call.ended:<callId>`, `campaign.completed:<campaignId>`),
/// stored as `_id`: the queue holds an event once however often it is reported, and the
/// receiver gets the same key in `Idempotency-Key` on every attempt.
public struct WebhookDelivery: Codable, Sendable, Equatable {
    public var id: String
    public var event: String
    public var url: String
    /// The JSON body, frozen when queued, so every retry sends the same bytes.
    public var body: String
    public var campaignId: ObjectId?
    public var state: WebhookDeliveryState
    /// Attempts made (claims taken), including one under way.
    public var attempts: Int
    public var createdAt: Date
    /// When it may be claimed: due, or the end of the current claim's lease.
    public var nextAttemptAt: Date
    /// No attempt starts after this; the delivery is then given up.
    public var giveUpAt: Date
    /// The token of the attempt under way; only its settlement counts.
    public var claim: String?
    public var claimedBy: String?
    public var lastStatus: Int?
    public var lastError: String?
    public var deliveredAt: Date?
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case event, url, body, campaignId, state, attempts, createdAt, nextAttemptAt, giveUpAt, claim, claimedBy
        case lastStatus, lastError, deliveredAt, updatedAt
    }

    public init(key: String, event: String, url: String, body: String, campaignId: ObjectId?, now: Date, giveUpAfter: Duration) {
        self.id = key
        self.event = event
        self.url = url
        self.body = body
        self.campaignId = campaignId
        self.state = .pending
        self.attempts = 0
        self.createdAt = now
        self.nextAttemptAt = now
        self.giveUpAt = now.addingTimeInterval(giveUpAfter.seconds)
        self.updatedAt = now
    }
}

public enum WebhookDeliveryState: String, Codable, Sendable {
    case pending, delivered
    /// Given up: refused with a status that no retry changes, or still failing after a day.
    case failed
}

/// How one claimed attempt ended.
public enum DeliverySettlement: Sendable, Equatable {
    case delivered(status: Int)
    /// Try again at `at`; `status` is the answer's status when there was one.
    case retry(at: Date, status: Int?, error: String)
    case gaveUp(status: Int?, error: String)
}

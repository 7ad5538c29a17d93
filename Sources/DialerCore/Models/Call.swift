import Foundation

/// One attempt to reach a contact: seed 001's call document, plus seed 000's fields
/// (transcript, recordingUrl, callType, outcome, notes, cost, providerCallId) so one
/// `calls` collection serves both seeds.
public struct Call: Codable, Sendable, Equatable {
    public var id: ObjectId?
    /// Twilio call SID. Absent until the provider answers the create request.
    public var callSid: String?
    public var conversationId: String?
    public var status: CallStatus
    public var from: String?
    public var to: String
    public var direction: String?
    public var startTime: Date?
    public var endTime: Date?
    public var duration: Int?
    public var answeredBy: String?
    public var machineBehavior: String?
    public var agentId: String?
    public var contactName: String?
    public var campaignId: ObjectId?
    public var contactId: ObjectId?
    public var metadata: [String: JSONValue]?
    public var createdAt: Date
    public var updatedAt: Date

    // Seed 000.
    public var transcript: String?
    public var recordingUrl: String?
    public var callType: String?
    public var outcome: String?
    public var notes: String?
    public var cost: Double?
    /// The provider's own call id where it is not a Twilio SID (Bland `call_id`).
    public var providerCallId: String?

    // Engine.
    /// Ours, written before the provider request, so callbacks correlate even if we crash.
    public var attemptId: String
    public var provider: ProviderKind
    /// 1 for the first attempt at this contact in this campaign.
    public var attempt: Int
    public var price: String?
    public var priceUnit: String?
    public var errorCode: String?
    public var errorMessage: String?
    /// Set when the provider request's outcome is unknown; the reconciler resolves it.
    public var needsReconciliation: Bool?

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case callSid, conversationId, status, from, to, direction, startTime, endTime, duration
        case answeredBy, machineBehavior, agentId, contactName, campaignId, contactId, metadata
        case createdAt, updatedAt, transcript, recordingUrl, callType, outcome, notes, cost
        case providerCallId, attemptId, provider, attempt, price, priceUnit, errorCode, errorMessage
        case needsReconciliation
    }

    public init(
        id: ObjectId? = nil, attemptId: String, provider: ProviderKind, attempt: Int,
        status: CallStatus = .queued, from: String?, to: String,
        campaignId: ObjectId? = nil, contactId: ObjectId? = nil, agentId: String? = nil,
        contactName: String? = nil, now: Date
    ) {
        self.id = id
        self.attemptId = attemptId
        self.provider = provider
        self.attempt = attempt
        self.status = status
        self.from = from
        self.to = to
        self.campaignId = campaignId
        self.contactId = contactId
        self.agentId = agentId
        self.contactName = contactName
        self.direction = "outbound-api"
        self.callType = "outbound"
        self.createdAt = now
        self.updatedAt = now
    }
}

import Foundation

/// One contact's progress in one campaign (collection `dialStates`). The claim runs on these
/// documents, so a contact in several campaigns has independent attempts in each.
public struct DialProgress: Codable, Sendable, Equatable {
    public var id: ObjectId?
    public var campaignId: ObjectId
    public var contactId: ObjectId
    public var phoneNumber: String
    /// Copied from the contact so the claim can sort without a join.
    public var priority: Int
    public var contactCreatedAt: Date
    /// IANA zone the calling window is evaluated in; nil when none could be determined.
    public var timeZone: String?
    public var state: DialState
    /// Attempts started so far.
    public var attempts: Int
    /// Not claimable before this instant (retry delay, or the next window opening).
    public var nextAttemptAt: Date?
    /// Attempt placed by the current claim; the reconciler finds its call by this id.
    public var currentAttemptId: String?
    /// `_id` the current attempt's call document gets; lets a crash-interrupted attempt be withdrawn exactly.
    public var currentCallId: ObjectId?
    public var claimedBy: String?
    public var claimedAt: Date?
    public var lastCallResult: String?
    public var skipReason: String?
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case campaignId, contactId, phoneNumber, priority, contactCreatedAt, timeZone, state, attempts
        case nextAttemptAt, currentAttemptId, currentCallId, claimedBy, claimedAt, lastCallResult, skipReason, createdAt, updatedAt
    }

    public init(campaignId: ObjectId, contact: Contact, contactId: ObjectId, timeZone: String?, now: Date) {
        self.campaignId = campaignId
        self.contactId = contactId
        self.phoneNumber = contact.phoneNumber
        self.priority = contact.priority
        self.contactCreatedAt = contact.createdAt
        self.timeZone = timeZone
        self.state = .pending
        self.attempts = 0
        self.createdAt = now
        self.updatedAt = now
    }
}

extension DialProgress {
    /// No retry delay or window wait is left at `now`.
    public func isDue(at now: Date) -> Bool { (nextAttemptAt ?? .distantPast) <= now }

    /// A claim at `now` may pick this entry (its calling window aside): claimable state, and due.
    public func isClaimable(at now: Date) -> Bool { state.isClaimable && isDue(at: now) }
}

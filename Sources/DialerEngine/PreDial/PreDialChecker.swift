import DialerCore

/// What the engine asks a campaign's pre-dial check about one claimed contact.
public struct PreDialQuestion: Sendable, Equatable {
    public var campaignId: ObjectId
    public var contactId: ObjectId
    public var attemptId: String
    public var check: PreDialCheck

    public init(campaignId: ObjectId, contactId: ObjectId, attemptId: String, check: PreDialCheck) {
        self.campaignId = campaignId
        self.contactId = contactId
        self.attemptId = attemptId
        self.check = check
    }
}

public enum PreDialVerdict: Sendable, Equatable {
    case eligible
    case notEligible(reason: String)
    /// No usable answer: a timeout, a transport error, a non-2xx status, an unreadable or unverifiable body.
    /// The campaign's `preDialFailure` decides.
    case failed(reason: String)
}

/// Asks whether a contact may be dialed now. Never throws: every way of not answering is a `.failed` verdict.
public protocol PreDialChecker: Sendable {
    func check(_ question: PreDialQuestion) async -> PreDialVerdict
}

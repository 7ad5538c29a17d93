import Foundation

/// One number on the global suppression list (collection `suppressions`). While an entry is
/// `active`, no campaign dials its number: the runner checks the list on every claim.
///
/// Removing a number does not delete its entry: the entry becomes `removed`, with who removed it,
/// when and why, so the list keeps its own history. A number suppressed again gets a new entry;
/// the unique index covers active entries only.
public struct Suppression: Codable, Sendable, Equatable {
    public var id: ObjectId?
    /// E.164, as dialed: the key the runner looks up.
    public var phoneNumber: String
    public var status: SuppressionStatus
    public var reason: String
    public var source: SuppressionSource
    /// Who or what added it: the operator's peer on the control socket, the imported file's name.
    public var addedBy: String?
    /// Where an opt-out or a do-not-call contact came from.
    public var campaignId: ObjectId?
    public var contactId: ObjectId?
    public var callId: ObjectId?
    public var createdAt: Date
    public var updatedAt: Date
    public var removedAt: Date?
    public var removedBy: String?
    public var removalReason: String?

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case phoneNumber, status, reason, source, addedBy, campaignId, contactId, callId, createdAt, updatedAt
        case removedAt, removedBy, removalReason
    }

    public init(
        phoneNumber: String, reason: String, source: SuppressionSource, addedBy: String? = nil,
        campaignId: ObjectId? = nil, contactId: ObjectId? = nil, callId: ObjectId? = nil, now: Date
    ) {
        self.phoneNumber = phoneNumber
        self.status = .active
        self.reason = reason
        self.source = source
        self.addedBy = addedBy
        self.campaignId = campaignId
        self.contactId = contactId
        self.callId = callId
        self.createdAt = now
        self.updatedAt = now
    }

    /// The entry a contact set `do-not-call` adds, so the person is not dialed by another campaign that lists the number.
    public static func doNotCall(_ contact: Contact, campaignId: ObjectId?, addedBy: String, now: Date) -> Suppression {
        Suppression(
            phoneNumber: contact.phoneNumber, reason: "contact status is do-not-call", source: .doNotCall,
            addedBy: addedBy, campaignId: campaignId, contactId: contact.id, now: now)
    }

    /// The entry a call's opt-out adds ("do not call me again", said to the agent).
    public static func optOut(_ call: Call, field: String, now: Date) -> Suppression {
        Suppression(
            phoneNumber: call.to, reason: "opted out during the call (\(field))", source: .optOut,
            addedBy: call.provider.rawValue, campaignId: call.campaignId, contactId: call.contactId, callId: call.id, now: now)
    }
}

public enum SuppressionStatus: OpenEnum {
    case active, removed
    case unknown(String)

    public static let knownCases: [SuppressionStatus] = [.active, .removed]

    public var rawValue: String {
        switch self {
        case .active: "active"
        case .removed: "removed"
        case .unknown(let raw): raw
        }
    }
}

public enum SuppressionSource: OpenEnum {
    /// A contact set `do-not-call` (an import, a sheet).
    case doNotCall
    /// A suppression list file.
    case importFile
    /// A provider's call outcome that carried an opt-out.
    case optOut
    /// Added by hand (`dialerctl suppress add`).
    case operatorAction
    case unknown(String)

    public static let knownCases: [SuppressionSource] = [.doNotCall, .importFile, .optOut, .operatorAction]

    public var rawValue: String {
        switch self {
        case .doNotCall: "do-not-call"
        case .importFile: "import"
        case .optOut: "opt-out"
        case .operatorAction: "operator"
        case .unknown(let raw): raw
        }
    }
}

extension DialProgress {
    /// The skip reason of a contact whose number is on the suppression list, at enrollment or at a claim.
    public static let suppressedReason = "suppressed"
}

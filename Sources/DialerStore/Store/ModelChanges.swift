import DialerCore
import Foundation

// Partial updates: only the non-nil fields are written, each over the model property of the same
// name. The Mongo `$set` is the struct's own encoding (nil fields left out); the in-memory store
// applies `merges`. A new field is a property, an `init` parameter and a `merges` line. A given
// field replaces the stored value whole (`customFields`, `settings` and `tags` included); the
// caller validates the merged document before it asks for the write.

/// An operator's edit of a contact (seed 001's fields; `company` and the like live in `customFields`).
public struct ContactChanges: Sendable, Equatable, Encodable {
    public var phoneNumber: String?
    public var name: String?
    public var email: String?
    public var tags: [String]?
    public var notes: String?
    public var status: ContactStatus?
    public var priority: Int?
    public var customFields: [String: JSONValue]?
    public var sheetInfo: ContactSheetInfo?

    public init(
        phoneNumber: String? = nil, name: String? = nil, email: String? = nil, tags: [String]? = nil, notes: String? = nil,
        status: ContactStatus? = nil, priority: Int? = nil, customFields: [String: JSONValue]? = nil, sheetInfo: ContactSheetInfo? = nil
    ) {
        self.phoneNumber = phoneNumber
        self.name = name
        self.email = email
        self.tags = tags
        self.notes = notes
        self.status = status
        self.priority = priority
        self.customFields = customFields
        self.sheetInfo = sheetInfo
    }

    public var isEmpty: Bool { self == ContactChanges() }

    static let merges: [FieldMerge<ContactChanges, Contact>] = [
        .init(\.phoneNumber, required: \.phoneNumber), .init(\.name, \.name), .init(\.email, \.email), .init(\.tags, required: \.tags),
        .init(\.notes, \.notes), .init(\.status, required: \.status), .init(\.priority, required: \.priority),
        .init(\.customFields, required: \.customFields), .init(\.sheetInfo, \.sheetInfo)
    ]
}

/// An operator's edit of a campaign's description, settings and schedule. Status, stats, leases and
/// the id lists are not here: they move by their own operations.
public struct CampaignChanges: Sendable, Equatable, Encodable {
    public var name: String?
    public var description: String?
    public var prompt: String?
    public var firstMessage: String?
    public var callerId: String?
    public var region: String?
    public var sheetInfo: CampaignSheetInfo?
    public var settings: CampaignSettings?
    public var nextExecution: Date?
    public var provider: ProviderKind?
    public var agentId: String?
    public var agentPhoneNumberId: String?
    public var defaultTimeZone: String?
    public var callingWindow: CallingWindow?

    public init(
        name: String? = nil, description: String? = nil, prompt: String? = nil, firstMessage: String? = nil, callerId: String? = nil,
        region: String? = nil, sheetInfo: CampaignSheetInfo? = nil, settings: CampaignSettings? = nil, nextExecution: Date? = nil,
        provider: ProviderKind? = nil, agentId: String? = nil, agentPhoneNumberId: String? = nil, defaultTimeZone: String? = nil,
        callingWindow: CallingWindow? = nil
    ) {
        self.name = name
        self.description = description
        self.prompt = prompt
        self.firstMessage = firstMessage
        self.callerId = callerId
        self.region = region
        self.sheetInfo = sheetInfo
        self.settings = settings
        self.nextExecution = nextExecution
        self.provider = provider
        self.agentId = agentId
        self.agentPhoneNumberId = agentPhoneNumberId
        self.defaultTimeZone = defaultTimeZone
        self.callingWindow = callingWindow
    }

    public var isEmpty: Bool { self == CampaignChanges() }

    /// `campaign` as it reads once these changes are applied: what the caller validates before the write.
    public func applied(to campaign: Campaign) -> Campaign {
        var merged = campaign
        FieldMerge.applyAll(Self.merges, self, to: &merged)
        return merged
    }

    static let merges: [FieldMerge<CampaignChanges, Campaign>] = [
        .init(\.name, required: \.name), .init(\.description, \.description), .init(\.prompt, \.prompt),
        .init(\.firstMessage, \.firstMessage), .init(\.callerId, \.callerId), .init(\.region, \.region), .init(\.sheetInfo, \.sheetInfo),
        .init(\.settings, required: \.settings), .init(\.nextExecution, \.nextExecution), .init(\.provider, \.provider),
        .init(\.agentId, \.agentId), .init(\.agentPhoneNumberId, \.agentPhoneNumberId), .init(\.defaultTimeZone, \.defaultTimeZone),
        .init(\.callingWindow, \.callingWindow)
    ]
}

extension ContactChanges {
    /// `contact` as it reads once these changes are applied: what the caller validates before the write.
    public func applied(to contact: Contact) -> Contact {
        var merged = contact
        FieldMerge.applyAll(Self.merges, self, to: &merged)
        return merged
    }
}

/// An edit of a call's transcript document (`PUT /api/db/transcripts/:callSid`).
public struct TranscriptChanges: Sendable, Equatable, Encodable {
    public var conversationId: String?
    public var transcript: [TranscriptSegment]?
    public var summary: String?
    public var sentiment: JSONValue?
    public var analysis: JSONValue?

    public init(
        conversationId: String? = nil, transcript: [TranscriptSegment]? = nil, summary: String? = nil, sentiment: JSONValue? = nil,
        analysis: JSONValue? = nil
    ) {
        self.conversationId = conversationId
        self.transcript = transcript
        self.summary = summary
        self.sentiment = sentiment
        self.analysis = analysis
    }

    public var isEmpty: Bool { self == TranscriptChanges() }

    static let merges: [FieldMerge<TranscriptChanges, Transcript>] = [
        .init(\.conversationId, \.conversationId), .init(\.transcript, required: \.transcript), .init(\.summary, \.summary),
        .init(\.sentiment, \.sentiment), .init(\.analysis, \.analysis)
    ]
}

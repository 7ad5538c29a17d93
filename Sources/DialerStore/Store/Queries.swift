import DialerCore
import Foundation

public struct PageRequest: Sendable, Equatable {
    public var offset: Int
    public var limit: Int

    public init(offset: Int = 0, limit: Int = 10) {
        self.offset = max(0, offset)
        self.limit = min(max(1, limit), 1000)
    }

    /// Seed 000's `page` query parameter: 1-based, ten per page by default.
    public init(page: Int, size: Int = 10) { self.init(offset: (max(1, page) - 1) * size, limit: size) }
}

public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int
    public var request: PageRequest

    public init(items: [Item], total: Int, request: PageRequest) {
        self.items = items
        self.total = total
        self.request = request
    }

    public var hasMore: Bool { request.offset + items.count < total }
}

public enum SortOrder: Sendable, Equatable {
    case newestFirst, oldestFirst
}

public struct CallFilter: Sendable, Equatable {
    public var campaignId: ObjectId?
    public var contactId: ObjectId?
    public var statuses: [CallStatus]?
    public var outcome: String?
    public var minDuration: Int?
    public var createdAfter: Date?
    public var createdBefore: Date?
    public var to: String?
    /// Only calls after this (`createdAt`, `_id`) position. With `.oldestFirst` and offset 0 it pages
    /// through a set that shrinks while it is read (live calls ending), which offsets would skip over.
    public var after: ScanCursor?

    public init(
        campaignId: ObjectId? = nil, contactId: ObjectId? = nil, statuses: [CallStatus]? = nil, outcome: String? = nil,
        minDuration: Int? = nil, createdAfter: Date? = nil, createdBefore: Date? = nil, to: String? = nil, after: ScanCursor? = nil
    ) {
        self.campaignId = campaignId
        self.contactId = contactId
        self.statuses = statuses
        self.outcome = outcome
        self.minDuration = minDuration
        self.createdAfter = createdAfter
        self.createdBefore = createdBefore
        self.to = to
        self.after = after
    }
}

public struct ContactFilter: Sendable, Equatable {
    /// Members of a campaign: listed in its `contactIds`, or carrying it in `campaignIds`.
    public var campaignId: ObjectId?
    public var statuses: [ContactStatus]?
    /// E.164, matched exactly.
    public var phoneNumber: String?
    public var tag: String?
    /// Exclusive bounds on `createdAt`.
    public var createdAfter: Date?
    public var createdBefore: Date?

    public init(
        campaignId: ObjectId? = nil, statuses: [ContactStatus]? = nil, phoneNumber: String? = nil, tag: String? = nil,
        createdAfter: Date? = nil, createdBefore: Date? = nil
    ) {
        self.campaignId = campaignId
        self.statuses = statuses
        self.phoneNumber = phoneNumber
        self.tag = tag
        self.createdAfter = createdAfter
        self.createdBefore = createdBefore
    }
}

/// How a callback names the call it is about.
public enum CallKey: Sendable, Hashable, CustomStringConvertible {
    case attemptId(String)
    case callSid(String)
    case conversationId(String)
    case providerCallId(String)
    /// The call with this attempt id, only while it has no provider id of that kind stored. A
    /// callback that names our attempt but not yet a stored provider id writes its id with the
    /// same update, so the attempt is bound to one conversation (or call) at most: a second one
    /// naming the same attempt no longer finds it.
    case unboundAttempt(String, unset: ProviderIdKind)

    public var description: String {
        switch self {
        case .attemptId(let v): "attemptId \(v)"
        case .callSid(let v): "callSid \(v)"
        case .conversationId(let v): "conversationId \(v)"
        case .providerCallId(let v): "providerCallId \(v)"
        case .unboundAttempt(let v, let kind): "attemptId \(v) without \(kind.rawValue)"
        }
    }
}

/// The provider ids a call can carry; the raw value is the stored field's name.
public enum ProviderIdKind: String, Sendable, Hashable {
    case callSid, conversationId, providerCallId
}

extension Call {
    public func providerId(_ kind: ProviderIdKind) -> String? {
        switch kind {
        case .callSid: callSid
        case .conversationId: conversationId
        case .providerCallId: providerCallId
        }
    }
}

/// Fields a status callback may carry. Only non-nil ones are written. Each is named as the `Call`
/// property it sets: the Mongo `$set` is this struct's own encoding (nil fields left out), and the
/// in-memory merge walks `merges`. A new field is a property, an `init` parameter and a `merges` line.
public struct CallFields: Sendable, Equatable, Encodable {
    public var callSid: String?
    public var conversationId: String?
    public var providerCallId: String?
    public var startTime: Date?
    public var endTime: Date?
    public var duration: Int?
    public var answeredBy: String?
    public var price: String?
    public var priceUnit: String?
    public var cost: Double?
    public var outcome: String?
    public var recordingUrl: String?
    public var transcript: String?
    public var notes: String?
    public var errorCode: String?
    public var errorMessage: String?
    public var needsReconciliation: Bool?

    public init(
        callSid: String? = nil, conversationId: String? = nil, providerCallId: String? = nil, startTime: Date? = nil,
        endTime: Date? = nil, duration: Int? = nil, answeredBy: String? = nil, price: String? = nil,
        priceUnit: String? = nil, cost: Double? = nil, outcome: String? = nil, recordingUrl: String? = nil,
        transcript: String? = nil, notes: String? = nil, errorCode: String? = nil, errorMessage: String? = nil,
        needsReconciliation: Bool? = nil
    ) {
        self.callSid = callSid
        self.conversationId = conversationId
        self.providerCallId = providerCallId
        self.startTime = startTime
        self.endTime = endTime
        self.duration = duration
        self.answeredBy = answeredBy
        self.price = price
        self.priceUnit = priceUnit
        self.cost = cost
        self.outcome = outcome
        self.recordingUrl = recordingUrl
        self.transcript = transcript
        self.notes = notes
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.needsReconciliation = needsReconciliation
    }

    typealias Merge = FieldMerge<CallFields, Call>

    /// Every field with the property it sets; `Call.apply(_:)` runs them in order.
    static let merges: [Merge] = [
        Merge(\.callSid, \.callSid), Merge(\.conversationId, \.conversationId), Merge(\.providerCallId, \.providerCallId),
        Merge(\.startTime, \.startTime), Merge(\.endTime, \.endTime), Merge(\.duration, \.duration),
        Merge(\.answeredBy, \.answeredBy), Merge(\.price, \.price), Merge(\.priceUnit, \.priceUnit), Merge(\.cost, \.cost),
        Merge(\.outcome, \.outcome), Merge(\.recordingUrl, \.recordingUrl), Merge(\.transcript, \.transcript),
        Merge(\.notes, \.notes), Merge(\.errorCode, \.errorCode), Merge(\.errorMessage, \.errorMessage),
        Merge(\.needsReconciliation, \.needsReconciliation)
    ]
}

public enum CallAdvance: Sendable, Equatable {
    /// The status moved forward; the call as it now stands.
    case advanced(Call)
    /// The call is already at or past that status; nothing changed.
    case stale(Call)
    case notFound
}

/// What the claim may pick: due, pending or retry, inside an open calling window.
public struct ClaimRequest: Sendable, Equatable {
    public var campaignId: ObjectId
    public var owner: String
    public var attemptId: String
    /// The `_id` the attempt's call document will have.
    public var callId: ObjectId
    public var now: Date
    /// Only contacts whose `timeZone` is in this list; nil places no restriction.
    public var openTimeZones: [String]?

    public init(campaignId: ObjectId, owner: String, attemptId: String, callId: ObjectId = ObjectId(), now: Date, openTimeZones: [String]? = nil) {
        self.campaignId = campaignId
        self.owner = owner
        self.attemptId = attemptId
        self.callId = callId
        self.now = now
        self.openTimeZones = openTimeZones
    }
}

/// The end of a claim: where the contact's progress goes next.
public struct DialOutcome: Sendable, Equatable {
    public var state: DialState
    public var nextAttemptAt: Date?
    public var lastCallResult: String?
    public var skipReason: String?
    /// -1 when a claim is given back without dialing, so the attempt is not counted.
    public var attemptsDelta: Int

    public init(state: DialState, nextAttemptAt: Date? = nil, lastCallResult: String? = nil, skipReason: String? = nil, attemptsDelta: Int = 0) {
        self.state = state
        self.nextAttemptAt = nextAttemptAt
        self.lastCallResult = lastCallResult
        self.skipReason = skipReason
        self.attemptsDelta = attemptsDelta
    }
}

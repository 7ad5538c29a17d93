import Foundation

public struct ContactSheetInfo: Codable, Sendable, Equatable {
    public var spreadsheetId: String?
    public var sheetName: String?
    public var rowIndex: Int?

    public init(spreadsheetId: String?, sheetName: String?, rowIndex: Int?) {
        self.spreadsheetId = spreadsheetId
        self.sheetName = sheetName
        self.rowIndex = rowIndex
    }
}

/// Seed 001's contact. `status` keeps the seed's meaning (active, inactive, do-not-call);
/// per-campaign dialing progress lives in `DialProgress` documents.
public struct Contact: Codable, Sendable, Equatable {
    public var id: ObjectId?
    public var phoneNumber: String
    public var name: String?
    public var email: String?
    public var tags: [String]
    public var notes: String?
    public var lastContacted: Date?
    public var callCount: Int
    public var callIds: [ObjectId]
    public var campaignIds: [ObjectId]
    public var sheetInfo: ContactSheetInfo?
    public var customFields: [String: JSONValue]
    public var status: ContactStatus
    public var priority: Int
    public var createdAt: Date
    public var updatedAt: Date

    // Engine: the latest outcome across campaigns, for people reading the contact.
    public var lastCallResult: String?
    public var nextAttemptAt: Date?

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case phoneNumber, name, email, tags, notes, lastContacted, callCount, callIds, campaignIds, sheetInfo
        case customFields, status, priority, createdAt, updatedAt, lastCallResult, nextAttemptAt
    }

    public init(
        id: ObjectId? = nil, phoneNumber: String, name: String? = nil, status: ContactStatus = .active,
        priority: Int = 0, campaignIds: [ObjectId] = [], customFields: [String: JSONValue] = [:], now: Date
    ) {
        self.id = id
        self.phoneNumber = phoneNumber
        self.name = name
        self.tags = []
        self.callCount = 0
        self.callIds = []
        self.campaignIds = campaignIds
        self.customFields = customFields
        self.status = status
        self.priority = priority
        self.createdAt = now
        self.updatedAt = now
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(ObjectId.self, forKey: .id)
        phoneNumber = try c.decode(String.self, forKey: .phoneNumber)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        email = try c.decodeIfPresent(String.self, forKey: .email)
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        notes = try c.decodeIfPresent(String.self, forKey: .notes)
        lastContacted = try c.decodeIfPresent(Date.self, forKey: .lastContacted)
        callCount = try c.decodeIfPresent(Int.self, forKey: .callCount) ?? 0
        callIds = try c.decodeIfPresent([ObjectId].self, forKey: .callIds) ?? []
        campaignIds = try c.decodeIfPresent([ObjectId].self, forKey: .campaignIds) ?? []
        sheetInfo = try c.decodeIfPresent(ContactSheetInfo.self, forKey: .sheetInfo)
        customFields = try c.decodeIfPresent([String: JSONValue].self, forKey: .customFields) ?? [:]
        status = try c.decodeIfPresent(ContactStatus.self, forKey: .status) ?? .active
        priority = try c.decodeIfPresent(Int.self, forKey: .priority) ?? 0
        let epoch = Date(timeIntervalSince1970: 0)
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt) ?? epoch
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt) ?? createdAt
        lastCallResult = try c.decodeIfPresent(String.self, forKey: .lastCallResult)
        nextAttemptAt = try c.decodeIfPresent(Date.self, forKey: .nextAttemptAt)
    }

    public func validate() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if PhoneNumber(e164: phoneNumber) == nil {
            issues.append(.init(path: "phoneNumber", rule: "must be an E.164 number such as +14155550100, got \"\(phoneNumber)\""))
        }
        if !(0...10).contains(priority) { issues.append(.init(path: "priority", rule: "must be between 0 and 10, got \(priority)")) }
        if !status.isKnown { issues.append(.init(path: "status", rule: "unknown contact status \"\(status.rawValue)\"")) }
        return issues
    }
}

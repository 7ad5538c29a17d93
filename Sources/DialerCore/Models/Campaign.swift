import Foundation

public struct CampaignSheetInfo: Codable, Sendable, Equatable {
    public var spreadsheetId: String?
    public var sheetName: String?
    public var phoneColumn: String?
    public var nameColumn: String?
    public var statusColumn: String?
    public var customMessageColumn: String?

    public init(
        spreadsheetId: String? = nil, sheetName: String? = nil, phoneColumn: String? = nil,
        nameColumn: String? = nil, statusColumn: String? = nil, customMessageColumn: String? = nil
    ) {
        self.spreadsheetId = spreadsheetId
        self.sheetName = sheetName
        self.phoneColumn = phoneColumn
        self.nameColumn = nameColumn
        self.statusColumn = statusColumn
        self.customMessageColumn = customMessageColumn
    }
}

/// Moved by `$inc` only. `totalDuration` and `durationCount` keep `averageDuration` exact.
public struct CampaignStats: Codable, Sendable, Equatable {
    public var totalContacts: Int
    public var callsPlaced: Int
    public var callsCompleted: Int
    public var callsAnswered: Int
    public var callsFailed: Int
    public var averageDuration: Double
    public var totalDuration: Int
    public var durationCount: Int

    public init(
        totalContacts: Int = 0, callsPlaced: Int = 0, callsCompleted: Int = 0, callsAnswered: Int = 0,
        callsFailed: Int = 0, averageDuration: Double = 0, totalDuration: Int = 0, durationCount: Int = 0
    ) {
        self.totalContacts = totalContacts
        self.callsPlaced = callsPlaced
        self.callsCompleted = callsCompleted
        self.callsAnswered = callsAnswered
        self.callsFailed = callsFailed
        self.averageDuration = averageDuration
        self.totalDuration = totalDuration
        self.durationCount = durationCount
    }

    /// Documents written by other tools may lack any of these.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        totalContacts = try c.decodeIfPresent(Int.self, forKey: .totalContacts) ?? 0
        callsPlaced = try c.decodeIfPresent(Int.self, forKey: .callsPlaced) ?? 0
        callsCompleted = try c.decodeIfPresent(Int.self, forKey: .callsCompleted) ?? 0
        callsAnswered = try c.decodeIfPresent(Int.self, forKey: .callsAnswered) ?? 0
        callsFailed = try c.decodeIfPresent(Int.self, forKey: .callsFailed) ?? 0
        averageDuration = try c.decodeIfPresent(Double.self, forKey: .averageDuration) ?? 0
        totalDuration = try c.decodeIfPresent(Int.self, forKey: .totalDuration) ?? 0
        durationCount = try c.decodeIfPresent(Int.self, forKey: .durationCount) ?? 0
    }
}

/// An increment of campaign stats, applied atomically by the store.
public struct StatsDelta: Sendable, Equatable {
    public var callsPlaced = 0
    public var callsCompleted = 0
    public var callsAnswered = 0
    public var callsFailed = 0
    /// Seconds of one finished call, counted into the average.
    public var duration: Int?

    public init(callsPlaced: Int = 0, callsCompleted: Int = 0, callsAnswered: Int = 0, callsFailed: Int = 0, duration: Int? = nil) {
        self.callsPlaced = callsPlaced
        self.callsCompleted = callsCompleted
        self.callsAnswered = callsAnswered
        self.callsFailed = callsFailed
        self.duration = duration
    }

    public var isEmpty: Bool { self == StatsDelta() }

    /// What a delta adds to each stats field it moves: the one list the Mongo `$inc` pipeline and
    /// `CampaignStats.apply(_:)` are both read from, so a new counter is a `StatsDelta` property and a
    /// line here. `averageDuration` follows from the duration sum and count.
    public static let increments: [StatsIncrement] = [
        StatsIncrement("callsPlaced", \.callsPlaced) { $0.callsPlaced },
        StatsIncrement("callsCompleted", \.callsCompleted) { $0.callsCompleted },
        StatsIncrement("callsAnswered", \.callsAnswered) { $0.callsAnswered },
        StatsIncrement("callsFailed", \.callsFailed) { $0.callsFailed },
        StatsIncrement("totalDuration", \.totalDuration, averaged: true) { $0.duration },
        StatsIncrement("durationCount", \.durationCount, averaged: true) { $0.duration.map { _ in 1 } }
    ]
}

/// One `CampaignStats` counter a `StatsDelta` moves, and by how much.
public struct StatsIncrement: Sendable {
    /// The field's name in the stats document, as `CampaignStats` encodes it.
    public let name: String
    public let field: WritableKeyPath<CampaignStats, Int> & Sendable
    /// Nil leaves the field alone, as does 0 unless `averaged`.
    public let amount: @Sendable (StatsDelta) -> Int?
    /// Part of `averageDuration`'s sum or count: written, at least as 0, whenever `amount` is not nil,
    /// so the average divides numbers.
    public let averaged: Bool

    public init(
        _ name: String, _ field: WritableKeyPath<CampaignStats, Int> & Sendable, averaged: Bool = false,
        amount: @escaping @Sendable (StatsDelta) -> Int?
    ) {
        self.name = name
        self.field = field
        self.amount = amount
        self.averaged = averaged
    }
}

extension CampaignStats {
    /// Adds `delta` by `StatsDelta.increments`: the in-memory mirror of the `$inc` the Mongo store
    /// sends; also sums a recount.
    public mutating func apply(_ delta: StatsDelta) {
        for increment in StatsDelta.increments {
            if let amount = increment.amount(delta) { self[keyPath: increment.field] += amount }
        }
        if delta.duration != nil { averageDuration = Double(totalDuration) / Double(durationCount) }
    }

    /// These stats with every call counter taken from `recount`: all fields but `totalContacts`,
    /// which enrollment sets. What completing a campaign stores.
    public func replacingCounters(with recount: CampaignStats) -> CampaignStats {
        var stats = recount
        stats.totalContacts = totalContacts
        return stats
    }

    /// The stats document's fields a recount does not replace (see `replacingCounters(with:)`).
    public static let notRecounted: Set<String> = ["totalContacts"]
}

public struct Campaign: Codable, Sendable, Equatable {
    public var id: ObjectId?
    public var name: String
    public var description: String?
    public var status: CampaignStatus
    public var prompt: String?
    public var firstMessage: String?
    public var callerId: String?
    public var region: String?
    public var sheetInfo: CampaignSheetInfo?
    public var stats: CampaignStats
    public var settings: CampaignSettings
    public var lastExecuted: Date?
    public var nextExecution: Date?
    public var contactIds: [ObjectId]
    public var callIds: [ObjectId]
    public var createdAt: Date
    public var updatedAt: Date

    // Engine.
    public var provider: ProviderKind?
    public var agentId: String?
    /// ElevenLabs' id of the Twilio number the agent calls from.
    public var agentPhoneNumberId: String?
    /// Fallback when a contact's time zone cannot be derived from its number.
    public var defaultTimeZone: String?
    /// Absent: the US TCPA default, 08:00–21:00 local every day.
    public var callingWindow: CallingWindow?
    /// Instance that runs the campaign, and until when its lease holds.
    public var leaseOwner: String?
    public var leaseUntil: Date?
    /// Why the engine set the campaign aside (paused it): its document could not be read or broke
    /// a rule. An operator's next transition (resume after the fix, or stop) clears it.
    public var lastError: String?
    public var lastErrorAt: Date?
    /// Why the engine paused a campaign that was running: a provider error that means the account or the
    /// campaign's configuration is wrong (`twilio 21210: …`). The operator's resume clears it.
    public var pauseReason: String?

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case name, description, status, prompt, firstMessage, callerId, region, sheetInfo, stats, settings
        case lastExecuted, nextExecution, contactIds, callIds, createdAt, updatedAt
        case provider, agentId, agentPhoneNumberId, defaultTimeZone, callingWindow, leaseOwner, leaseUntil, lastError, lastErrorAt
        case pauseReason
    }

    public init(
        id: ObjectId? = nil, name: String, status: CampaignStatus = .draft,
        settings: CampaignSettings = .init(), contactIds: [ObjectId] = [], now: Date
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.settings = settings
        self.stats = CampaignStats()
        self.contactIds = contactIds
        self.callIds = []
        self.createdAt = now
        self.updatedAt = now
    }

    /// Missing settings, stats and lists read as their defaults: operators write sparse documents.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(ObjectId.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        description = try c.decodeIfPresent(String.self, forKey: .description)
        status = try c.decodeIfPresent(CampaignStatus.self, forKey: .status) ?? .draft
        prompt = try c.decodeIfPresent(String.self, forKey: .prompt)
        firstMessage = try c.decodeIfPresent(String.self, forKey: .firstMessage)
        callerId = try c.decodeIfPresent(String.self, forKey: .callerId)
        region = try c.decodeIfPresent(String.self, forKey: .region)
        sheetInfo = try c.decodeIfPresent(CampaignSheetInfo.self, forKey: .sheetInfo)
        stats = try c.decodeIfPresent(CampaignStats.self, forKey: .stats) ?? CampaignStats()
        settings = try c.decodeIfPresent(CampaignSettings.self, forKey: .settings) ?? CampaignSettings()
        lastExecuted = try c.decodeIfPresent(Date.self, forKey: .lastExecuted)
        nextExecution = try c.decodeIfPresent(Date.self, forKey: .nextExecution)
        contactIds = try c.decodeIfPresent([ObjectId].self, forKey: .contactIds) ?? []
        callIds = try c.decodeIfPresent([ObjectId].self, forKey: .callIds) ?? []
        let epoch = Date(timeIntervalSince1970: 0)
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt) ?? epoch
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt) ?? createdAt
        provider = try c.decodeIfPresent(ProviderKind.self, forKey: .provider)
        agentId = try c.decodeIfPresent(String.self, forKey: .agentId)
        agentPhoneNumberId = try c.decodeIfPresent(String.self, forKey: .agentPhoneNumberId)
        defaultTimeZone = try c.decodeIfPresent(String.self, forKey: .defaultTimeZone)
        callingWindow = try c.decodeIfPresent(CallingWindow.self, forKey: .callingWindow)
        leaseOwner = try c.decodeIfPresent(String.self, forKey: .leaseOwner)
        leaseUntil = try c.decodeIfPresent(Date.self, forKey: .leaseUntil)
        lastError = try c.decodeIfPresent(String.self, forKey: .lastError)
        lastErrorAt = try c.decodeIfPresent(Date.self, forKey: .lastErrorAt)
        pauseReason = try c.decodeIfPresent(String.self, forKey: .pauseReason)
    }

    /// The lease rule: `owner` may take the lease at `now` when it is free, expired, or already
    /// `owner`'s. The scheduler's poll and the lease itself apply it; the Mongo store's filter for it
    /// is `CampaignQueries.leasable(by:at:)`.
    public func isLeasable(by owner: String, at now: Date) -> Bool {
        leaseOwner == nil || leaseOwner == owner || (leaseUntil ?? .distantPast) <= now
    }

    public func validate() -> [ValidationIssue] {
        var issues = settings.validate() + settings.providerMismatches(path: "settings", provider: provider)
        issues += callingWindow?.validate() ?? []
        if let zone = defaultTimeZone, TimeZone(identifier: zone) == nil {
            issues.append(.init(path: "defaultTimeZone", rule: "must be an IANA time zone such as America/Chicago, got \"\(zone)\""))
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { issues.append(.init(path: "name", rule: "must not be empty")) }
        if !status.isKnown { issues.append(.init(path: "status", rule: "unknown campaign status \"\(status.rawValue)\"")) }
        if let callerId, PhoneNumber(e164: callerId) == nil {
            issues.append(.init(path: "callerId", rule: "must be an E.164 number such as +14155550100, got \"\(callerId)\""))
        }
        return issues
    }

    /// A Twilio campaign with neither `settings.twilio.url` nor `twiml` only reads its first message out.
    public var dialsTwilioWithoutAgent: Bool {
        (provider ?? .twilio) == .twilio && settings.twilio?.connectsAnAgent != true
    }
}

import DialerCore
import Foundation

// What operator requests answer, on every transport. New fields may be added within a protocol
// version, so clients decode leniently (optionals) and ignore what they do not know.

public struct CampaignSummary: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var status: String
    public var provider: String?
    public var totalContacts: Int
    public var callsPlaced: Int
    public var callsAnswered: Int
    public var callsCompleted: Int
    public var callsFailed: Int
    public var nextExecution: Date?
    public var leaseOwner: String?
    public var createdAt: Date
    /// Why the engine set the campaign aside, if it did.
    public var lastError: String?
    /// Why the engine paused the campaign (a provider error no contact can fix), if it did.
    public var pauseReason: String?

    public init(_ campaign: Campaign) {
        id = campaign.id?.hex ?? ""
        name = campaign.name
        status = campaign.status.rawValue
        provider = campaign.provider?.rawValue
        totalContacts = campaign.stats.totalContacts
        callsPlaced = campaign.stats.callsPlaced
        callsAnswered = campaign.stats.callsAnswered
        callsCompleted = campaign.stats.callsCompleted
        callsFailed = campaign.stats.callsFailed
        nextExecution = campaign.nextExecution
        leaseOwner = campaign.leaseOwner
        createdAt = campaign.createdAt
        lastError = campaign.lastError
        pauseReason = campaign.pauseReason
    }
}

public struct CampaignList: Codable, Sendable, Equatable {
    public var campaigns: [CampaignSummary]
    /// All matching campaigns, of which `campaigns` is the first page.
    public var total: Int

    public init(campaigns: [CampaignSummary], total: Int) {
        self.campaigns = campaigns
        self.total = total
    }
}

public struct LiveCall: Codable, Sendable, Equatable {
    public var to: String
    public var status: String
    public var attempt: Int
    public var attemptId: String
    public var callSid: String?
    public var createdAt: Date

    public init(_ call: Call) {
        to = call.to
        status = call.status.rawValue
        attempt = call.attempt
        attemptId = call.attemptId
        callSid = call.callSid
        createdAt = call.createdAt
    }
}

public struct InFlightCalls: Codable, Sendable, Equatable {
    /// Counted in the database, as the engine counts them.
    public var count: Int
    /// The oldest of them, at most 20.
    public var calls: [LiveCall]

    public init(count: Int, calls: [LiveCall]) {
        self.count = count
        self.calls = calls
    }
}

public struct LeaseState: Codable, Sendable, Equatable {
    public var owner: String
    public var until: Date?

    public init(owner: String, until: Date?) {
        self.owner = owner
        self.until = until
    }
}

public struct CampaignDetail: Codable, Sendable, Equatable {
    public var campaign: CampaignSummary
    public var description: String?
    public var callerId: String?
    public var defaultTimeZone: String?
    public var settings: CampaignSettings
    public var callingWindow: CallingWindow?
    public var stats: CampaignStats
    public var lastExecuted: Date?
    public var nextExecution: Date?
    public var lease: LeaseState?
    public var inFlight: InFlightCalls
    /// Contacts per dialing state: pending, calling, retry, completed, failed, skipped.
    public var dialStates: [String: Int]
    public var window: WindowState
    public var eta: ETAEstimate
    public var asOf: Date
    /// When the engine set the campaign aside; the reason is `campaign.lastError`.
    public var lastErrorAt: Date?
    /// Operators' latest start, pause, resume and stop, newest first (nil from servers older
    /// than the campaign audit log).
    public var recentActions: [CampaignActionEntry]?

    public init(
        campaign: CampaignSummary, description: String?, callerId: String?, defaultTimeZone: String?,
        settings: CampaignSettings, callingWindow: CallingWindow?, stats: CampaignStats, lastExecuted: Date?,
        nextExecution: Date?, lease: LeaseState?, inFlight: InFlightCalls, dialStates: [String: Int],
        window: WindowState, eta: ETAEstimate, asOf: Date, lastErrorAt: Date? = nil, recentActions: [CampaignActionEntry]? = nil
    ) {
        self.campaign = campaign
        self.description = description
        self.callerId = callerId
        self.defaultTimeZone = defaultTimeZone
        self.settings = settings
        self.callingWindow = callingWindow
        self.stats = stats
        self.lastExecuted = lastExecuted
        self.nextExecution = nextExecution
        self.lease = lease
        self.inFlight = inFlight
        self.dialStates = dialStates
        self.window = window
        self.eta = eta
        self.asOf = asOf
        self.lastErrorAt = lastErrorAt
        self.recentActions = recentActions
    }
}

public struct StopResult: Codable, Sendable, Equatable {
    public var campaign: CampaignSummary
    /// Live calls ended through their provider (only with `hangUp`).
    public var hungUp: Int

    public init(campaign: CampaignSummary, hungUp: Int) {
        self.campaign = campaign
        self.hungUp = hungUp
    }
}

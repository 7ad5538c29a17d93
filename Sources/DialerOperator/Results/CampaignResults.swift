import DialerCore
import Foundation

// Results of the commands, shared by server and client. New fields may be added within a
// protocol version, so clients decode leniently (optionals) and ignore what they do not know.

public struct ServerInfo: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var server: String
    public var instanceId: String
    public var commands: [String]

    public init(
        protocolVersion: Int = ControlProtocol.version, server: String = "dialerd", instanceId: String,
        commands: [String] = ControlCommand.allCases.map(\.rawValue)
    ) {
        self.protocolVersion = protocolVersion
        self.server = server
        self.instanceId = instanceId
        self.commands = commands
    }
}

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

public struct ZoneWindowState: Codable, Sendable, Equatable {
    /// An IANA zone, or several joined by "&" when a number's zone is ambiguous; nil for contacts without one.
    public var zone: String?
    public var open: Bool
    /// Now when open; nil when it never opens within three weeks (or the zone is unknown).
    public var nextOpening: Date?

    public init(zone: String?, open: Bool, nextOpening: Date?) {
        self.zone = zone
        self.open = open
        self.nextOpening = nextOpening
    }
}

/// The calling window as it stands now, for the zones of the contacts still to call.
public struct WindowState: Codable, Sendable, Equatable {
    /// Open in at least one zone with contacts to call.
    public var open: Bool
    /// The earliest opening among closed zones, when none is open.
    public var nextOpening: Date?
    public var zones: [ZoneWindowState]
    /// Which rule applies: "us-tcpa (default)", "preset au", "custom".
    public var rule: String

    public init(open: Bool, nextOpening: Date?, zones: [ZoneWindowState], rule: String) {
        self.open = open
        self.nextOpening = nextOpening
        self.zones = zones
        self.rule = rule
    }
}

public struct ETAEstimate: Codable, Sendable, Equatable {
    /// Contacts pending, waiting for a retry, or being called.
    public var remainingContacts: Int
    /// nil when no finish can be predicted (paused, or the window never opens).
    public var seconds: Double?
    public var finishAt: Date?
    /// How the figure was reached, in words.
    public var basis: String

    public init(remainingContacts: Int, seconds: Double?, finishAt: Date?, basis: String) {
        self.remainingContacts = remainingContacts
        self.seconds = seconds
        self.finishAt = finishAt
        self.basis = basis
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

    public init(
        campaign: CampaignSummary, description: String?, callerId: String?, defaultTimeZone: String?,
        settings: CampaignSettings, callingWindow: CallingWindow?, stats: CampaignStats, lastExecuted: Date?,
        nextExecution: Date?, lease: LeaseState?, inFlight: InFlightCalls, dialStates: [String: Int],
        window: WindowState, eta: ETAEstimate, asOf: Date, lastErrorAt: Date? = nil
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

public struct CPSUsage: Codable, Sendable, Equatable {
    /// Calls started in the last second, account-wide.
    public var inUse: Int
    /// The configured calls-per-second limit; nil when none is enforced here.
    public var cap: Double?

    public init(inUse: Int, cap: Double?) {
        self.inUse = inUse
        self.cap = cap
    }
}

public struct DatabaseHealth: Codable, Sendable, Equatable {
    public var ok: Bool
    public var latencyMs: Double?
    public var error: String?

    public init(ok: Bool, latencyMs: Double?, error: String?) {
        self.ok = ok
        self.latencyMs = latencyMs
        self.error = error
    }
}

public struct HeldLease: Codable, Sendable, Equatable {
    public var id: String
    public var name: String?

    public init(id: String, name: String?) {
        self.id = id
        self.name = name
    }
}

public struct EngineStatus: Codable, Sendable, Equatable {
    public var instanceId: String
    public var draining: Bool
    /// Campaigns this instance runs now.
    public var leases: [HeldLease]
    public var cps: CPSUsage
    public var database: DatabaseHealth
    public var asOf: Date

    public init(instanceId: String, draining: Bool, leases: [HeldLease], cps: CPSUsage, database: DatabaseHealth, asOf: Date) {
        self.instanceId = instanceId
        self.draining = draining
        self.leases = leases
        self.cps = cps
        self.database = database
        self.asOf = asOf
    }
}

public struct DrainResult: Codable, Sendable, Equatable {
    public var draining: Bool
    public var runningCampaigns: [String]
    /// Live calls the drain waits for (up to the engine's drain deadline).
    public var inFlightCalls: Int

    public init(draining: Bool, runningCampaigns: [String], inFlightCalls: Int) {
        self.draining = draining
        self.runningCampaigns = runningCampaigns
        self.inFlightCalls = inFlightCalls
    }
}

/// One campaign's line in a watch stream.
public struct CampaignProgress: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var status: String
    /// Contacts in the campaign.
    public var total: Int
    /// Contacts finished: completed, failed or skipped.
    public var done: Int
    /// Calls placed, retries included.
    public var placed: Int
    public var answered: Int
    public var failed: Int
    public var inFlight: Int
    /// Calls placed per second over the last interval.
    public var cps: Double
    public var at: Date

    public init(
        id: String, name: String, status: String, total: Int, done: Int, placed: Int, answered: Int, failed: Int,
        inFlight: Int, cps: Double = 0, at: Date
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.total = total
        self.done = done
        self.placed = placed
        self.answered = answered
        self.failed = failed
        self.inFlight = inFlight
        self.cps = cps
        self.at = at
    }

    /// Completed or cancelled: nothing more will happen.
    public var isFinished: Bool { status == CampaignStatus.completed.rawValue || status == CampaignStatus.cancelled.rawValue }
}

/// Ends each interval of a watch stream, after its progress events.
public struct WatchTick: Codable, Sendable, Equatable {
    public var at: Date
    public var campaigns: Int

    public init(at: Date, campaigns: Int) {
        self.at = at
        self.campaigns = campaigns
    }
}

/// The response that ends a watch: every watched campaign finished.
public struct WatchEnd: Codable, Sendable, Equatable {
    public var reason: String
    public var campaigns: [CampaignProgress]

    public init(reason: String, campaigns: [CampaignProgress]) {
        self.reason = reason
        self.campaigns = campaigns
    }
}

public struct ImportResult: Codable, Sendable, Equatable {
    /// nil for a dry run, which inserts nothing.
    public var campaign: CampaignSummary?
    public var contacts: Int
    public var dryRun: Bool
    /// Accepted, but worth knowing: do-not-call contacts, contacts with no time zone.
    public var warnings: [ImportIssue]

    public init(campaign: CampaignSummary?, contacts: Int, dryRun: Bool, warnings: [ImportIssue]) {
        self.campaign = campaign
        self.contacts = contacts
        self.dryRun = dryRun
        self.warnings = warnings
    }
}

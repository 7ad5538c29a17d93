import Foundation

// What `engine.status` and `engine.drain` report about this instance.

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

import Foundation

// When a campaign can call and when it should finish, as `CampaignDetail` reports them.

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

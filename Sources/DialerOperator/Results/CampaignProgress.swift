import DialerCore
import Foundation

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

import Foundation

/// A reconciliation query: calls to one number that started inside a window.
public struct CallSearch: Sendable, Equatable {
    public var to: String
    public var startedAfter: Date
    public var startedBefore: Date?
    /// Narrows ElevenLabs' conversation listing, which cannot filter by number.
    public var agentId: String?
    /// An upper bound on the calls read, so one reconciliation cannot page forever.
    public var limit: Int

    public init(to: String, startedAfter: Date, startedBefore: Date? = nil, agentId: String? = nil, limit: Int = 200) {
        self.to = to
        self.startedAfter = startedAfter
        self.startedBefore = startedBefore
        self.agentId = agentId
        self.limit = limit
    }
}

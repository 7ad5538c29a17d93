import DialerCore
import Foundation

/// What a provider reports about one call when asked, mapped onto Twilio's status set.
public struct ProviderCallSnapshot: Sendable, Equatable {
    public var ids: ProviderCallIds
    public var status: CallStatus
    public var to: String?
    public var from: String?
    public var createdAt: Date?
    public var startTime: Date?
    public var endTime: Date?
    /// Seconds.
    public var duration: Int?
    public var answeredBy: String?
    public var price: String?
    public var priceUnit: String?
    /// Our attempt id, where the provider echoes it back (ElevenLabs dynamic variables,
    /// Bland metadata). Twilio's call resource does not carry it.
    public var attemptId: String?

    public init(
        ids: ProviderCallIds, status: CallStatus, to: String? = nil, from: String? = nil,
        createdAt: Date? = nil, startTime: Date? = nil, endTime: Date? = nil, duration: Int? = nil,
        answeredBy: String? = nil, price: String? = nil, priceUnit: String? = nil, attemptId: String? = nil
    ) {
        self.ids = ids
        self.status = status
        self.to = to
        self.from = from
        self.createdAt = createdAt
        self.startTime = startTime
        self.endTime = endTime
        self.duration = duration
        self.answeredBy = answeredBy
        self.price = price
        self.priceUnit = priceUnit
        self.attemptId = attemptId
    }
}

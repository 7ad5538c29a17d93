import Foundation

public struct CallEvent: Codable, Sendable, Equatable {
    public var id: ObjectId?
    public var callSid: String
    public var eventType: String
    public var timestamp: Date
    public var data: [String: JSONValue]
    /// Twilio's `SequenceNumber`, where the callback has one.
    public var sequenceNumber: Int?
    /// Unique: derived from (callSid, eventType, sequenceNumber), or the provider's event id,
    /// so a repeated callback is stored once.
    public var eventKey: String
    public var attemptId: String?
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case callSid, eventType, timestamp, data, sequenceNumber, eventKey, attemptId, createdAt, updatedAt
    }

    public init(
        callSid: String, eventType: String, timestamp: Date, data: [String: JSONValue],
        sequenceNumber: Int?, providerEventId: String? = nil, attemptId: String? = nil, now: Date
    ) {
        self.callSid = callSid
        self.eventType = eventType
        self.timestamp = timestamp
        self.data = data
        self.sequenceNumber = sequenceNumber
        self.attemptId = attemptId
        self.eventKey = providerEventId ?? "\(callSid)|\(eventType)|\(sequenceNumber.map(String.init) ?? "-")"
        self.createdAt = now
        self.updatedAt = now
    }
}

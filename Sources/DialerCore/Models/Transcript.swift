import Foundation

public struct TranscriptSegment: Codable, Sendable, Equatable {
    public var role: String
    public var message: String?
    public var timeInCallSecs: Double?

    public init(role: String, message: String?, timeInCallSecs: Double?) {
        self.role = role
        self.message = message
        self.timeInCallSecs = timeInCallSecs
    }
}

public struct Transcript: Codable, Sendable, Equatable {
    public var id: ObjectId?
    public var callSid: String
    public var conversationId: String?
    public var transcript: [TranscriptSegment]
    public var summary: String?
    public var sentiment: JSONValue?
    public var analysis: JSONValue?
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case callSid, conversationId, transcript, summary, sentiment, analysis, createdAt, updatedAt
    }

    public init(
        callSid: String, conversationId: String?, transcript: [TranscriptSegment], summary: String?,
        sentiment: JSONValue? = nil, analysis: JSONValue? = nil, now: Date
    ) {
        self.callSid = callSid
        self.conversationId = conversationId
        self.transcript = transcript
        self.summary = summary
        self.sentiment = sentiment
        self.analysis = analysis
        self.createdAt = now
        self.updatedAt = now
    }
}

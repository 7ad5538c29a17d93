import Foundation

public struct Recording: Codable, Sendable, Equatable {
    public var id: ObjectId?
    public var recordingSid: String
    public var callSid: String
    public var url: String?
    public var duration: Int?
    public var status: RecordingStatus
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case recordingSid, callSid, url, duration, status, createdAt, updatedAt
    }

    public init(recordingSid: String, callSid: String, url: String?, duration: Int?, status: RecordingStatus, now: Date) {
        self.recordingSid = recordingSid
        self.callSid = callSid
        self.url = url
        self.duration = duration
        self.status = status
        self.createdAt = now
        self.updatedAt = now
    }
}

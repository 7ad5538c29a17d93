import DialerCore
import Foundation

/// Which recordings a list returns; nil fields do not filter. Bounds are exclusive.
public struct RecordingFilter: Sendable, Equatable {
    public var callSid: String?
    public var statuses: [RecordingStatus]?
    public var createdAfter: Date?
    public var createdBefore: Date?

    public init(callSid: String? = nil, statuses: [RecordingStatus]? = nil, createdAfter: Date? = nil, createdBefore: Date? = nil) {
        self.callSid = callSid
        self.statuses = statuses
        self.createdAfter = createdAfter
        self.createdBefore = createdBefore
    }

    func matches(_ recording: Recording) -> Bool {
        if let callSid, recording.callSid != callSid { return false }
        if let statuses, !statuses.contains(recording.status) { return false }
        if let createdAfter, recording.createdAt <= createdAfter { return false }
        if let createdBefore, recording.createdAt >= createdBefore { return false }
        return true
    }
}

/// Which call events a list returns; nil fields do not filter. Bounds on `timestamp` are exclusive.
public struct CallEventFilter: Sendable, Equatable {
    public var callSid: String?
    public var eventType: String?
    public var after: Date?
    public var before: Date?

    public init(callSid: String? = nil, eventType: String? = nil, after: Date? = nil, before: Date? = nil) {
        self.callSid = callSid
        self.eventType = eventType
        self.after = after
        self.before = before
    }

    func matches(_ event: CallEvent) -> Bool {
        if let callSid, event.callSid != callSid { return false }
        if let eventType, event.eventType != eventType { return false }
        if let after, event.timestamp <= after { return false }
        if let before, event.timestamp >= before { return false }
        return true
    }
}

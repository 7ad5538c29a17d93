/// `settings.bland`: the send-call options of a campaign's Bland calls (Bland's `POST /v1/calls`).
/// An absent field keeps dialerd's default; `task` falls back to the campaign's `prompt`.
public struct BlandCampaignSettings: Codable, Sendable, Equatable {
    /// Minutes. Bland's default is 30; four hours bounds a runaway call's cost.
    public static let maxDurationRange = 1...240

    /// The agent's instructions; mutually exclusive with `pathwayId`.
    public var task: String?
    /// A conversational pathway built in Bland's portal.
    public var pathwayId: String?
    public var voice: String?
    /// Minutes (Bland's `max_duration`).
    public var maxDuration: Int?
    public var record: Bool?
    public var voicemailAction: BlandVoicemailAction?
    /// Said to the answering machine; required by, and only used with, `leave_message`.
    public var voicemailMessage: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case task, pathwayId, voice, maxDuration, record, voicemailAction, voicemailMessage
    }

    public static let fieldNames = Set(CodingKeys.allCases.map(\.rawValue))

    public init(
        task: String? = nil, pathwayId: String? = nil, voice: String? = nil, maxDuration: Int? = nil, record: Bool? = nil,
        voicemailAction: BlandVoicemailAction? = nil, voicemailMessage: String? = nil
    ) {
        self.task = task
        self.pathwayId = pathwayId
        self.voice = voice
        self.maxDuration = maxDuration
        self.record = record
        self.voicemailAction = voicemailAction
        self.voicemailMessage = voicemailMessage
    }

    public func validate(path: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if task != nil, pathwayId != nil {
            issues.append(.init(path: "\(path).pathwayId", rule: "set either task or pathwayId, not both (Bland ignores the task of a pathway call)"))
        }
        for (field, value) in [("task", task), ("pathwayId", pathwayId), ("voice", voice), ("voicemailMessage", voicemailMessage)] {
            if let value, value.allSatisfy(\.isWhitespace) { issues.append(.init(path: "\(path).\(field)", rule: "must not be empty")) }
        }
        issues += RangeRule.check("\(path).maxDuration", maxDuration, Self.maxDurationRange, " minutes")
        if let action = voicemailAction, !action.isKnown {
            let allowed = BlandVoicemailAction.knownCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            issues.append(.init(path: "\(path).voicemailAction", rule: "must be one of \(allowed), got \"\(action.rawValue)\""))
        }
        if voicemailAction == .leaveMessage, voicemailMessage == nil {
            issues.append(.init(path: "\(path).voicemailMessage", rule: "is required when voicemailAction is \"leave_message\""))
        }
        if voicemailMessage != nil, voicemailAction != .leaveMessage {
            issues.append(.init(path: "\(path).voicemailMessage", rule: "is only used with voicemailAction \"leave_message\""))
        }
        return issues
    }
}

/// What Bland does when a machine answers (its `voicemail_action`).
public enum BlandVoicemailAction: OpenEnum {
    case hangup, leaveMessage, ignore
    case unknown(String)

    public static let knownCases: [BlandVoicemailAction] = [.hangup, .leaveMessage, .ignore]

    public var rawValue: String {
        switch self {
        case .hangup: "hangup"
        case .leaveMessage: "leave_message"
        case .ignore: "ignore"
        case .unknown(let raw): raw
        }
    }
}

import Foundation

/// `settings.twilio`: how a campaign's Twilio calls run once answered. Every field is optional;
/// an absent one keeps dialerd's default (AMD `Enable`, 30 s of ringing, a 600 s limit, no recording).
///
/// Instructions are `url` (Twilio fetches the agent's TwiML from it, with the call's variables as
/// query parameters) or `twiml` (a template whose `{{variable}}`s are filled in, XML-escaped). With
/// neither, the call only reads out the first message with `<Say>`, and dialerd warns at start.
public struct TwilioCampaignSettings: Codable, Sendable, Equatable {
    /// Twilio refuses a longer `Twiml` parameter.
    public static let twimlMaxLength = 4000
    /// Twilio allows up to 600 s; under 5 s the call is abandoned before most phones ring.
    public static let ringTimeoutRange = 5...600
    /// Seconds; Twilio's own ceiling is 24 hours.
    public static let timeLimitRange = 1...86_400
    /// Twilio's documented bounds for MachineDetectionTimeout.
    public static let machineDetectionTimeoutRange = 3...59

    public var url: String?
    public var twiml: String?
    /// Record the call; the recording arrives at dialerd's recording callback.
    public var record: Bool?
    public var machineDetection: TwilioMachineDetectionSetting?
    /// Seconds Twilio tries to tell a person from a machine before answering `unknown`.
    public var machineDetectionTimeout: Int?
    /// Seconds to let the phone ring (Twilio's `Timeout`).
    public var ringTimeout: Int?
    /// Longest call in seconds (Twilio's `TimeLimit`).
    public var timeLimit: Int?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case url, twiml, record, machineDetection, machineDetectionTimeout, ringTimeout, timeLimit
    }

    public static let fieldNames = Set(CodingKeys.allCases.map(\.rawValue))

    public init(
        url: String? = nil, twiml: String? = nil, record: Bool? = nil, machineDetection: TwilioMachineDetectionSetting? = nil,
        machineDetectionTimeout: Int? = nil, ringTimeout: Int? = nil, timeLimit: Int? = nil
    ) {
        self.url = url
        self.twiml = twiml
        self.record = record
        self.machineDetection = machineDetection
        self.machineDetectionTimeout = machineDetectionTimeout
        self.ringTimeout = ringTimeout
        self.timeLimit = timeLimit
    }

    /// False when calls would fall back to `<Say>` of the first message.
    public var connectsAnAgent: Bool { url != nil || twiml != nil }

    public func validate(path: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if url != nil, twiml != nil {
            issues.append(.init(path: "\(path).twiml", rule: "set either url or twiml, not both (Twilio would ignore twiml)"))
        }
        if let url, let problem = Self.urlProblem(url) { issues.append(.init(path: "\(path).url", rule: problem)) }
        if let twiml { issues += Self.twimlIssues(twiml, path: "\(path).twiml") }
        if let mode = machineDetection, !mode.isKnown {
            let allowed = TwilioMachineDetectionSetting.knownCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            issues.append(.init(path: "\(path).machineDetection", rule: "must be one of \(allowed), got \"\(mode.rawValue)\""))
        }
        if machineDetection == .off, machineDetectionTimeout != nil {
            issues.append(.init(path: "\(path).machineDetectionTimeout", rule: "has no effect with machineDetection \"off\"; remove one"))
        }
        issues += RangeRule.check("\(path).machineDetectionTimeout", machineDetectionTimeout, Self.machineDetectionTimeoutRange, " seconds")
        issues += RangeRule.check("\(path).ringTimeout", ringTimeout, Self.ringTimeoutRange, " seconds")
        issues += RangeRule.check("\(path).timeLimit", timeLimit, Self.timeLimitRange, " seconds")
        return issues
    }

    /// Twilio requests the URL itself, so it must be absolute http(s); a fragment would never reach the server.
    static func urlProblem(_ text: String) -> String? {
        guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = parts.host, !host.isEmpty
        else {
            return "must be an absolute http or https URL such as https://agent.example.com/twiml, got \"\(text)\""
        }
        if parts.fragment != nil { return "must not have a #fragment, got \"\(text)\"" }
        return nil
    }

    static func twimlIssues(_ template: String, path: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let trimmed = template.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.hasPrefix("<Response") || !(trimmed.hasSuffix("</Response>") || trimmed.hasSuffix("/>")) {
            issues.append(.init(path: path, rule: "must be a TwiML document, <Response>…</Response>"))
        }
        if template.count > twimlMaxLength {
            issues.append(.init(path: path, rule: "must be at most \(twimlMaxLength) characters (Twilio's limit), got \(template.count)"))
        }
        issues += TemplateText.problems(in: template).map { .init(path: path, rule: $0) }
        return issues
    }
}

/// `settings.twilio.machineDetection`: Twilio's two AMD modes, or `off` for none.
public enum TwilioMachineDetectionSetting: OpenEnum {
    case enable, detectMessageEnd, off
    case unknown(String)

    public static let knownCases: [TwilioMachineDetectionSetting] = [.enable, .detectMessageEnd, .off]

    public var rawValue: String {
        switch self {
        case .enable: "Enable"
        case .detectMessageEnd: "DetectMessageEnd"
        case .off: "off"
        case .unknown(let raw): raw
        }
    }
}

import Foundation

/// A campaign's optional pre-dial check: right before each dial, dialerd asks `url` whether the contact may
/// still be called (a CRM's own do-not-call list, a booking made meanwhile). Stored as `settings.preDialCheck`.
public struct PreDialCheck: Codable, Sendable, Equatable {
    /// The check answers within this, or it counts as failed: long enough for a CRM lookup, short enough that a
    /// claim held through it never nears the reconciler's `reconcileAfter`.
    public static let timeoutRange = 100...10_000
    public static let defaultTimeoutMs = 2_000

    public var url: String
    public var timeoutMs: Int
    /// What a timeout, an error or an unverifiable answer means: skip the contact, or dial it anyway.
    public var preDialFailure: PreDialFailure

    public init(url: String, timeoutMs: Int = defaultTimeoutMs, preDialFailure: PreDialFailure = .skip) {
        self.url = url
        self.timeoutMs = timeoutMs
        self.preDialFailure = preDialFailure
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(String.self, forKey: .url)
        timeoutMs = try c.decodeIfPresent(Int.self, forKey: .timeoutMs) ?? Self.defaultTimeoutMs
        preDialFailure = try c.decodeIfPresent(PreDialFailure.self, forKey: .preDialFailure) ?? .skip
    }

    public func validate(path: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let parsed = URL(string: url)
        if parsed?.host == nil || !["http", "https"].contains(parsed?.scheme?.lowercased() ?? "") {
            issues.append(.init(path: "\(path).url", rule: "must be an absolute http or https URL, got \"\(url)\""))
        }
        if !Self.timeoutRange.contains(timeoutMs) {
            let range = Self.timeoutRange
            let rule = "must be between \(range.lowerBound) and \(range.upperBound) milliseconds, got \(timeoutMs)"
            issues.append(.init(path: "\(path).timeoutMs", rule: rule))
        }
        if !preDialFailure.isKnown {
            issues.append(.init(path: "\(path).preDialFailure", rule: "must be \"skip\" or \"dial\", got \"\(preDialFailure.rawValue)\""))
        }
        return issues
    }
}

public enum PreDialFailure: OpenEnum {
    /// Skip the contact with the failure as its reason: an unanswered check is not a yes.
    case skip
    /// Dial as if the check had said yes.
    case dial
    case unknown(String)

    public static let knownCases: [PreDialFailure] = [.skip, .dial]

    public var rawValue: String {
        switch self {
        case .skip: "skip"
        case .dial: "dial"
        case .unknown(let raw): raw
        }
    }
}

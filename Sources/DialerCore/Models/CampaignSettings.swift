/// Seed 001's settings, in its units: `callDelay` and `retryDelay` in milliseconds.
///
/// Every setting has bounds, and `validate` checks them wherever a campaign enters: an import,
/// an operator's start or resume, and every database poll (an edited document is read again).
/// Values outside them are not clamped but refused, with the field and the allowed range named.
public struct CampaignSettings: Codable, Sendable, Equatable {
    public static let defaultCallDelay = 5_000
    public static let defaultMaxConcurrentCalls = 5
    public static let defaultRetryCount = 1
    public static let defaultRetryDelay = 3_600_000

    /// Milliseconds between call starts: up to one hour.
    public static let callDelayRange = 0...3_600_000
    public static let maxConcurrentCallsRange = 1...1000
    /// Attempts after the first: more than twenty calls to one person is harassment, not a campaign.
    public static let retryCountRange = 0...20
    /// Milliseconds before a retry: up to 30 days.
    public static let retryDelayRange = 0...2_592_000_000
    public static let retryBackoffRange = 1.0...10.0
    public static let retryJitterRange = 0.0...1.0
    /// The longest any retry waits, whatever the backoff has grown it to: 30 days, in seconds.
    public static let longestRetryWait = Double(retryDelayRange.upperBound) / 1000

    public var callDelay: Int
    public var maxConcurrentCalls: Int
    /// Attempts after the first.
    public var retryCount: Int
    public var retryDelay: Int
    /// Each further retry waits `retryBackoff` times longer than the one before (1 = fixed delay).
    public var retryBackoff: Double
    /// Up to this fraction of the delay is added at random, so retries do not bunch up.
    public var retryJitter: Double
    /// What a call answered by a machine means: "retry" it, or count the contact "complete".
    public var machinePolicy: MachinePolicy
    /// Per-provider call options; only the campaign's own provider's may be set.
    public var twilio: TwilioCampaignSettings?
    public var elevenLabs: ElevenLabsCampaignSettings?
    public var bland: BlandCampaignSettings?
    /// Where this campaign's event webhooks (`call.ended`, `campaign.completed`) go, instead of
    /// dialerd's `eventWebhookUrl`: an absolute http or https URL.
    public var webhookUrl: String?
    /// The provider's data-collection field (ElevenLabs' `analysis.data_collection_results`) that
    /// says the callee asked not to be called again: true, "yes" or "true" puts the number on the
    /// global suppression list, for every later campaign. nil: calls carry no opt-out.
    public var optOutField: String?
    public static let optOutFieldLength = 1...128
    /// Asked right before each dial whether the contact may be called; off when nil.
    public var preDialCheck: PreDialCheck?

    public init(
        callDelay: Int = defaultCallDelay, maxConcurrentCalls: Int = defaultMaxConcurrentCalls,
        retryCount: Int = defaultRetryCount, retryDelay: Int = defaultRetryDelay,
        retryBackoff: Double = 1, retryJitter: Double = 0, machinePolicy: MachinePolicy = .retry,
        twilio: TwilioCampaignSettings? = nil, elevenLabs: ElevenLabsCampaignSettings? = nil, bland: BlandCampaignSettings? = nil,
        webhookUrl: String? = nil, optOutField: String? = nil
    ) {
        self.webhookUrl = webhookUrl
        self.callDelay = callDelay
        self.maxConcurrentCalls = maxConcurrentCalls
        self.retryCount = retryCount
        self.retryDelay = retryDelay
        self.retryBackoff = retryBackoff
        self.retryJitter = retryJitter
        self.machinePolicy = machinePolicy
        self.twilio = twilio
        self.elevenLabs = elevenLabs
        self.bland = bland
        self.optOutField = optOutField
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        callDelay = try c.decodeIfPresent(Int.self, forKey: .callDelay) ?? Self.defaultCallDelay
        maxConcurrentCalls = try c.decodeIfPresent(Int.self, forKey: .maxConcurrentCalls) ?? Self.defaultMaxConcurrentCalls
        retryCount = try c.decodeIfPresent(Int.self, forKey: .retryCount) ?? Self.defaultRetryCount
        retryDelay = try c.decodeIfPresent(Int.self, forKey: .retryDelay) ?? Self.defaultRetryDelay
        retryBackoff = try c.decodeIfPresent(Double.self, forKey: .retryBackoff) ?? 1
        retryJitter = try c.decodeIfPresent(Double.self, forKey: .retryJitter) ?? 0
        machinePolicy = try c.decodeIfPresent(MachinePolicy.self, forKey: .machinePolicy) ?? .retry
        twilio = try c.decodeIfPresent(TwilioCampaignSettings.self, forKey: .twilio)
        elevenLabs = try c.decodeIfPresent(ElevenLabsCampaignSettings.self, forKey: .elevenLabs)
        bland = try c.decodeIfPresent(BlandCampaignSettings.self, forKey: .bland)
        webhookUrl = try c.decodeIfPresent(String.self, forKey: .webhookUrl)
        optOutField = try c.decodeIfPresent(String.self, forKey: .optOutField)
        preDialCheck = try c.decodeIfPresent(PreDialCheck.self, forKey: .preDialCheck)
    }

    public func validate(path: String = "settings") -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func check<T: Comparable>(_ field: String, _ value: T, _ range: ClosedRange<T>, _ unit: String = "") {
            issues += RangeRule.check("\(path).\(field)", value, range, unit)
        }
        check("callDelay", callDelay, Self.callDelayRange, " milliseconds")
        check("maxConcurrentCalls", maxConcurrentCalls, Self.maxConcurrentCallsRange)
        check("retryCount", retryCount, Self.retryCountRange)
        check("retryDelay", retryDelay, Self.retryDelayRange, " milliseconds")
        check("retryBackoff", retryBackoff, Self.retryBackoffRange)
        check("retryJitter", retryJitter, Self.retryJitterRange)
        if !machinePolicy.isKnown {
            issues.append(.init(path: "\(path).machinePolicy", rule: "must be \"retry\" or \"complete\", got \"\(machinePolicy.rawValue)\""))
        }
        issues += twilio?.validate(path: "\(path).twilio") ?? []
        issues += elevenLabs?.validate(path: "\(path).elevenLabs") ?? []
        issues += bland?.validate(path: "\(path).bland") ?? []
        if let webhookUrl, let problem = WebhookURL.problem(webhookUrl) {
            issues.append(.init(path: "\(path).webhookUrl", rule: problem))
        }
        if let optOutField, !Self.optOutFieldLength.contains(optOutField.count) {
            issues.append(.init(path: "\(path).optOutField", rule: "must be a data-collection field name of 1 to 128 characters"))
        }
        issues += preDialCheck?.validate(path: "\(path).preDialCheck") ?? []
        return issues
    }
}

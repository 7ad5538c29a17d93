/// Twilio's call status set, which every provider's statuses are mapped onto.
public enum CallStatus: OpenEnum {
    case queued, initiated, ringing, inProgress, completed, busy, noAnswer, failed, canceled
    case unknown(String)

    public static let knownCases: [CallStatus] = [.queued, .initiated, .ringing, .inProgress, .completed, .busy, .noAnswer, .failed, .canceled]

    public var rawValue: String {
        switch self {
        case .queued: "queued"
        case .initiated: "initiated"
        case .ringing: "ringing"
        case .inProgress: "in-progress"
        case .completed: "completed"
        case .busy: "busy"
        case .noAnswer: "no-answer"
        case .failed: "failed"
        case .canceled: "canceled"
        case .unknown(let raw): raw
        }
    }

    public var isTerminal: Bool { rank == 4 }

    /// Callbacks repeat and arrive out of order; a status may only replace one of lower rank.
    /// Unknown values rank lowest so that any known status can repair them.
    public var rank: Int {
        switch self {
        case .unknown: -1
        case .queued: 0
        case .initiated: 1
        case .ringing: 2
        case .inProgress: 3
        case .completed, .busy, .noAnswer, .failed, .canceled: 4
        }
    }

    public static let terminal: [CallStatus] = knownCases.filter(\.isTerminal)
    public static let nonTerminal: [CallStatus] = knownCases.filter { !$0.isTerminal }

    /// The statuses that `self` may overwrite.
    public var replaceable: [CallStatus] { CallStatus.knownCases.filter { $0.rank < rank } }
}

public enum CampaignStatus: OpenEnum {
    case draft, active, paused, completed, cancelled
    case unknown(String)

    public static let knownCases: [CampaignStatus] = [.draft, .active, .paused, .completed, .cancelled]

    public var rawValue: String {
        switch self {
        case .draft: "draft"
        case .active: "active"
        case .paused: "paused"
        case .completed: "completed"
        case .cancelled: "cancelled"
        case .unknown(let raw): raw
        }
    }
}

public enum ContactStatus: OpenEnum {
    case active, inactive, doNotCall
    case unknown(String)

    public static let knownCases: [ContactStatus] = [.active, .inactive, .doNotCall]

    public var rawValue: String {
        switch self {
        case .active: "active"
        case .inactive: "inactive"
        case .doNotCall: "do-not-call"
        case .unknown(let raw): raw
        }
    }
}

public enum RecordingStatus: OpenEnum {
    case inProgress, completed, absent, failed
    case unknown(String)

    public static let knownCases: [RecordingStatus] = [.inProgress, .completed, .absent, .failed]

    public var rawValue: String {
        switch self {
        case .inProgress: "in-progress"
        case .completed: "completed"
        case .absent: "absent"
        case .failed: "failed"
        case .unknown(let raw): raw
        }
    }
}

public enum ProviderKind: OpenEnum {
    case twilio, elevenLabs, bland
    case unknown(String)

    public static let knownCases: [ProviderKind] = [.twilio, .elevenLabs, .bland]

    public var rawValue: String {
        switch self {
        case .twilio: "twilio"
        case .elevenLabs: "elevenlabs"
        case .bland: "bland"
        case .unknown(let raw): raw
        }
    }
}

/// Per-campaign progress of one contact, kept apart from the seed's contact `status`.
public enum DialState: OpenEnum {
    /// Never dialed in this campaign.
    case pending
    /// Claimed; an attempt is being placed or is live.
    case calling
    /// Waiting for `nextAttemptAt`.
    case retry
    /// Finished: reached, or a final result that is not a failure.
    case completed
    /// Attempts exhausted, or a permanent error.
    case failed
    /// Not callable: do-not-call, inactive, no time zone, invalid number.
    case skipped
    case unknown(String)

    public static let knownCases: [DialState] = [.pending, .calling, .retry, .completed, .failed, .skipped]

    public var rawValue: String {
        switch self {
        case .pending: "pending"
        case .calling: "calling"
        case .retry: "retry"
        case .completed: "completed"
        case .failed: "failed"
        case .skipped: "skipped"
        case .unknown(let raw): raw
        }
    }

    public var isFinal: Bool { self == .completed || self == .failed || self == .skipped }

    /// A claim may pick an entry in this state once it is due: never dialed, or waiting for a retry.
    /// The one definition; both stores' claims, claim indexes and counts read it.
    public var isClaimable: Bool {
        switch self {
        case .pending, .retry: true
        default: false
        }
    }

    /// The claimable states, in `knownCases` order (what the Mongo store's `$in` lists).
    public static let claimable: [DialState] = knownCases.filter(\.isClaimable)

    /// Where a claim that was never dialed goes back to: `retry` when an earlier attempt was made,
    /// else `pending`. `attempts` counts the claim being given back.
    public static func givenBack(attempts: Int) -> DialState { attempts > 1 ? .retry : .pending }
}

public enum MachinePolicy: OpenEnum {
    /// Try again later, while attempts remain.
    case retry
    /// A machine answering (a voicemail left) finishes the contact.
    case complete
    case unknown(String)

    public static let knownCases: [MachinePolicy] = [.retry, .complete]

    public var rawValue: String {
        switch self {
        case .retry: "retry"
        case .complete: "complete"
        case .unknown(let raw): raw
        }
    }
}

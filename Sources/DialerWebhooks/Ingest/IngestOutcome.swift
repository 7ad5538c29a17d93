import DialerCore
import DialerStore

/// What one callback did, for the log and for tests.
public enum IngestOutcome: String, Sendable, Equatable {
    /// The call moved forward, or its fields were merged.
    case applied
    /// A repeat or a late callback: the call was already at or past this status.
    case unchanged
    /// No call matches any id in the callback. The event is still stored and the provider
    /// gets 200, so that it does not retry something that can never succeed.
    case unknownCall
    /// A well-formed callback we do not act on, such as an unknown ElevenLabs event type.
    case ignored
    /// It names one of our calls by attempt id, but that call is bound to another conversation
    /// or call (see `CallBinding`). Nothing is stored; the provider gets 200 so it does not retry.
    case foreign
}

extension CallAdvance {
    var call: Call? {
        switch self {
        case .advanced(let call), .stale(let call): call
        case .notFound: nil
        }
    }

    var outcome: IngestOutcome {
        switch self {
        case .advanced: .applied
        case .stale: .unchanged
        case .notFound: .unknownCall
        }
    }
}

extension WebhookReply {
    /// 200, so the provider does not retry; counted apart from `ok` (`result="foreign"`).
    static let foreign = WebhookReply(status: 200, body: "not a call placed by us; nothing stored")
}

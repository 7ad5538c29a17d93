/// The three things a provider failure can mean to the engine.
///
/// Messages come from the provider or the transport and never contain credentials.
public enum ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Retrying the same request cannot succeed: invalid number, bad credentials, bad request.
    case permanent(code: String, message: String)
    /// Nothing was done; try again, no sooner than `retryAfter` when the provider said so.
    case retryable(code: String, message: String, retryAfter: Duration?)
    /// The request may have been acted on (a timeout after it was sent). Reconcile with the
    /// provider before dialing this attempt again.
    case outcomeUnknown(message: String)

    public var code: String? {
        switch self {
        case .permanent(let code, _), .retryable(let code, _, _): code
        case .outcomeUnknown: nil
        }
    }

    public var message: String {
        switch self {
        case .permanent(_, let message), .retryable(_, let message, _), .outcomeUnknown(let message): message
        }
    }

    public var retryAfter: Duration? {
        if case .retryable(_, _, let after) = self { return after }
        return nil
    }

    public var isPermanent: Bool { if case .permanent = self { true } else { false } }
    public var isRetryable: Bool { if case .retryable = self { true } else { false } }
    public var isOutcomeUnknown: Bool { if case .outcomeUnknown = self { true } else { false } }

    public var description: String {
        switch self {
        case .permanent(let code, let message): "permanent provider error \(code): \(message)"
        case .retryable(let code, let message, let after):
            "retryable provider error \(code): \(message)" + (after.map { " (retry after \($0))" } ?? "")
        case .outcomeUnknown(let message): "provider outcome unknown: \(message)"
        }
    }
}

/// The four things a provider failure can mean to the engine.
///
/// Messages come from the provider or the transport and never contain credentials.
public enum ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Retrying the same request for this contact cannot succeed: an invalid or unreachable number, a bad request.
    case permanent(code: String, message: String)
    /// Nothing was dialed, and no contact can be until an operator fixes the provider account (bad credentials,
    /// a suspended or unfunded account) or the campaign's configuration (a caller id the account may not use, a
    /// destination its permissions forbid). Failing the contact would burn the whole list one contact at a time.
    case accountLevel(scope: AccountErrorScope, code: String, message: String)
    /// Nothing was done; try again, no sooner than `retryAfter` when the provider said so.
    case retryable(code: String, message: String, retryAfter: Duration?)
    /// The request may have been acted on (a timeout after it was sent). Reconcile with the
    /// provider before dialing this attempt again.
    case outcomeUnknown(message: String)

    public var code: String? {
        switch self {
        case .permanent(let code, _), .retryable(let code, _, _), .accountLevel(_, let code, _): code
        case .outcomeUnknown: nil
        }
    }

    public var message: String {
        switch self {
        case .permanent(_, let message), .retryable(_, let message, _), .accountLevel(_, _, let message), .outcomeUnknown(let message): message
        }
    }

    public var retryAfter: Duration? {
        if case .retryable(_, _, let after) = self { return after }
        return nil
    }

    public var isPermanent: Bool { if case .permanent = self { true } else { false } }
    public var isRetryable: Bool { if case .retryable = self { true } else { false } }
    public var isOutcomeUnknown: Bool { if case .outcomeUnknown = self { true } else { false } }
    public var accountScope: AccountErrorScope? { if case .accountLevel(let scope, _, _) = self { scope } else { nil } }

    public var description: String {
        switch self {
        case .permanent(let code, let message): "permanent provider error \(code): \(message)"
        case .retryable(let code, let message, let after):
            "retryable provider error \(code): \(message)" + (after.map { " (retry after \($0))" } ?? "")
        case .accountLevel(let scope, let code, let message): "\(scope.rawValue)-level provider error \(code): \(message)"
        case .outcomeUnknown(let message): "provider outcome unknown: \(message)"
        }
    }
}

/// What an account-level error stops.
public enum AccountErrorScope: String, Sendable, Equatable {
    /// The campaign's own configuration is wrong (its caller id, a destination country the account may not call):
    /// that campaign pauses; others on the account, with their own caller ids, may be fine.
    case campaign
    /// The provider account itself (credentials, suspension, funds): every campaign on it pauses.
    case account
}

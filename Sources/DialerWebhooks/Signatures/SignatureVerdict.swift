/// Why a callback was or was not accepted as coming from its provider. Logged by case name
/// only: never with the signature or the secret.
public enum SignatureVerdict: String, Sendable, Equatable {
    case valid
    /// Validation is switched off for local development.
    case unchecked
    /// The secret for this provider is not configured, so nothing can be trusted.
    case notConfigured
    case missing
    case malformed
    /// Outside the timestamp tolerance: a replay of an old request, or a badly skewed clock.
    case expired
    case mismatch

    var isAccepted: Bool { self == .valid || self == .unchecked }
}

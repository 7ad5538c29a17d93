import DialerCore

/// One voice provider route (Twilio direct, ElevenLabs over Twilio, Bland).
///
/// Every method reports failures as `ProviderError`, whose three classes tell the engine
/// what it may do next: give up, retry later, or reconcile before anything else.
///
/// Requirements are `nonisolated(nonsending)`, so a wrapper (metering) or a simulator adds no
/// hop off the runner's actor; the HTTP providers keep plain `async` methods, so building and
/// signing a request runs off the engine loop.
public protocol CallProvider: Sendable {
    var kind: ProviderKind { get }

    /// Places one call for an attempt that is already stored. Creation is never idempotent
    /// at the provider, so callers must treat `.outcomeUnknown` as "maybe dialed".
    nonisolated(nonsending) func placeCall(_ request: PlaceCallRequest) async throws(ProviderError) -> PlacedCall

    /// `.cancel` only stops a call that has not been answered; `.hangUp` ends it whatever its state.
    nonisolated(nonsending) func endCall(_ ids: ProviderCallIds, mode: EndCallMode) async throws(ProviderError)

    /// The provider's view of one call; nil when the provider does not know it.
    nonisolated(nonsending) func fetchCall(_ ids: ProviderCallIds) async throws(ProviderError) -> ProviderCallSnapshot?

    /// Calls to `search.to` started inside the window, for reconciling attempts whose
    /// create request had an unknown outcome.
    nonisolated(nonsending) func findCalls(_ search: CallSearch) async throws(ProviderError) -> [ProviderCallSnapshot]
}

public enum EndCallMode: String, Sendable, Equatable {
    case cancel
    case hangUp
}

import DialerCore
import DialerTelephony
import Metrics

/// A `CallProvider` that counts create-call outcomes and times every request to the provider
/// it wraps. dialerd wraps each configured provider; the engine sees only `CallProvider`.
public struct MeteredCallProvider: CallProvider {
    public let base: any CallProvider
    private let metrics: ProviderMetrics

    public init(_ base: any CallProvider, metrics: DialerMetrics) {
        self.base = base
        self.metrics = metrics.provider
    }

    public var kind: ProviderKind { base.kind }

    public nonisolated(nonsending) func placeCall(_ request: PlaceCallRequest) async throws(ProviderError) -> PlacedCall {
        let start = ContinuousClock.now
        do {
            let placed = try await base.placeCall(request)
            metrics.request(provider: kind, operation: .placeCall, took: start.duration(to: .now))
            metrics.placed(provider: kind, outcome: .placed)
            return placed
        } catch {
            metrics.request(provider: kind, operation: .placeCall, took: start.duration(to: .now))
            let outcome: PlaceOutcome =
                switch error {
                case .permanent: .rejected
                case .accountLevel: .accountError
                case .retryable: .deferred
                case .outcomeUnknown: .unknown
                }
            metrics.placed(provider: kind, outcome: outcome)
            throw error
        }
    }

    public nonisolated(nonsending) func endCall(_ ids: ProviderCallIds, mode: EndCallMode) async throws(ProviderError) {
        let start = ContinuousClock.now
        defer { metrics.request(provider: kind, operation: .endCall, took: start.duration(to: .now)) }
        try await base.endCall(ids, mode: mode)
    }

    public nonisolated(nonsending) func fetchCall(_ ids: ProviderCallIds) async throws(ProviderError) -> ProviderCallSnapshot? {
        let start = ContinuousClock.now
        defer { metrics.request(provider: kind, operation: .fetchCall, took: start.duration(to: .now)) }
        return try await base.fetchCall(ids)
    }

    public nonisolated(nonsending) func findCalls(_ search: CallSearch) async throws(ProviderError) -> [ProviderCallSnapshot] {
        let start = ContinuousClock.now
        defer { metrics.request(provider: kind, operation: .findCalls, took: start.duration(to: .now)) }
        return try await base.findCalls(search)
    }
}

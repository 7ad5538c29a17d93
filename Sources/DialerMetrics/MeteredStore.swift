import DialerStore
import Foundation

/// A store that counts every operation and failure of the store it wraps, times claims, and keeps
/// the gauges the store's answers already reveal (calls in flight per campaign, leases held), so
/// the engine needs no metric code of its own on these paths.
public typealias MeteredStore = InterceptedStore<StoreMeter>

extension InterceptedStore where Interceptor == StoreMeter {
    public init(_ base: any CampaignStore, metrics: DialerMetrics) {
        self.init(base, interceptor: StoreMeter(metrics: metrics))
    }
}

public struct StoreMeter: StoreInterceptor {
    private let store: StoreMetrics
    private let engine: EngineMetrics

    public init(metrics: DialerMetrics) {
        store = metrics.store
        engine = metrics.engine
    }

    @inline(__always)
    public nonisolated(nonsending) func intercept<T>(_ operation: StoreOperation, _ body: nonisolated(nonsending) () async throws -> T) async throws
        -> T
    {
        store.operation(operation)
        let start = operation == .claimNextContact ? ContinuousClock.now : nil
        defer { if let start { store.claimDuration.record(duration: start.duration(to: .now)) } }
        do {
            return try await body()
        } catch {
            store.error(operation)
            throw error
        }
    }

    public func observe(_ observation: StoreObservation) {
        switch observation {
        case .lease(let campaign, let held):
            engine.leaseHeld(campaign, held)
        case .leaseReleased(let campaign):
            engine.leaseHeld(campaign, false)
            // The engine releases a lease only when no call of the campaign is live.
            engine.forgetCampaign(campaign)
        case .callsInFlight(let campaign, let count):
            // The engine counts live calls from the database before every step: the freshest figure there is.
            engine.callsInFlight(campaign: campaign, count)
        }
    }
}

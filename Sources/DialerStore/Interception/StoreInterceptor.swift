import DialerCore

/// Runs around every operation of an `InterceptedStore`: metering in dialerd, a scheduling point
/// in the deterministic simulation. One forwarder serves every interceptor, so a new store
/// operation is forwarded in one place.
public protocol StoreInterceptor: Sendable {
    /// Runs `body`, the operation on the wrapped store, and returns or rethrows what it did.
    nonisolated(nonsending) func intercept<T>(_ operation: StoreOperation, _ body: nonisolated(nonsending) () async throws -> T) async throws -> T
    /// A fact an operation's answer revealed, after it returned.
    func observe(_ observation: StoreObservation)
}

extension StoreInterceptor {
    public func observe(_ observation: StoreObservation) {}
}

/// Facts the store's answers reveal without another query.
public enum StoreObservation: Sendable, Equatable {
    /// A lease was granted or renewed (`held`), or refused: lost to a pause, a stop or another instance.
    case lease(campaign: ObjectId, held: Bool)
    /// The lease was given up; the engine does so only when no call of the campaign is live.
    case leaseReleased(campaign: ObjectId)
    /// Live calls of a campaign, as counted in the database.
    case callsInFlight(campaign: ObjectId, count: Int)
}

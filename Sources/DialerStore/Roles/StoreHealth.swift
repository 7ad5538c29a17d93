/// Whether the database answers: readiness probes and `dialerd init-db`.
public protocol StoreHealth: Sendable {
    nonisolated(nonsending) func ping() async throws
}

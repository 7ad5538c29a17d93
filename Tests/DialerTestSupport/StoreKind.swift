import DialerStore
import Testing

/// Suites that run every case against both stores (the contract suite, and engine and webhook
/// tests whose behaviour rests on a store rule).
public enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory, mongo

    public var testDescription: String { rawValue }

    public func make() async throws -> any CampaignStore {
        switch self {
        case .memory: InMemoryStore()
        case .mongo: try await TestDatabase.freshStore()
        }
    }
}

import DialerStore
import DialerTestSupport
import Testing

/// The contract suite runs every case against both stores.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case memory, mongo

    var testDescription: String { rawValue }

    func make() async throws -> any CampaignStore {
        switch self {
        case .memory: InMemoryStore()
        case .mongo: try await TestDatabase.freshStore()
        }
    }
}

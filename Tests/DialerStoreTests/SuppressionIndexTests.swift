import DialerCore
import DialerTestSupport
import Foundation
import Testing

@testable import DialerStore

/// What only the database's unique index can guarantee: one active entry per number, whoever writes it.
@Suite("Mongo: suppression index") struct SuppressionIndexTests {
    @Test func theIndexRefusesASecondActiveEntryButKeepsRemovedOnes() async throws {
        let store = try await TestDatabase.freshStore()
        let number = "+14155550100"
        func raw(_ status: String) -> BSONDocument {
            [
                "_id": .objectId(ObjectId()), "phoneNumber": .string(number), "status": .string(status), "reason": "r", "source": "operator",
                "createdAt": .date(Fixtures.t0), "updatedAt": .date(Fixtures.t0)
            ]
        }
        for document in [raw("removed"), raw("removed"), raw("active")] {
            try await store.on(Collections.suppressions) { try MongoOperations.insertOne($0, document) }
        }
        let second = raw("active")
        await #expect(throws: StoreError.self) {
            try await store.on(Collections.suppressions) { try MongoOperations.insertOne($0, second) }
        }
    }

    @Test func writersRacingOnOneNumberAddItOnce() async throws {
        let store = try await TestDatabase.freshStore()
        let number = "+14155550101"
        let added = try await withThrowingTaskGroup(of: [String].self) { group in
            for writer in 0..<6 {
                group.addTask {
                    try await store.suppress([Suppression(phoneNumber: number, reason: "writer \(writer)", source: .optOut, now: Fixtures.t0)])
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(added == [number])
        let all = try await store.listSuppressions(SuppressionFilter(statuses: nil), page: PageRequest())
        #expect(all.total == 1)
    }
}

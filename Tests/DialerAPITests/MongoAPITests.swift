import DialerCore
import DialerStore
import DialerTestSupport
import Foundation
import Testing

@Suite("API: on the test database") struct MongoAPITests {
    @Test func readsActionsAndKeysOnMongo() async throws {
        let store = try await TestDatabase.freshStore()
        try await APIHarness.with(store: store) { api in
            let world = try await SeededWorld.make(in: store)
            let id = world.campaign.id!.hex
            #expect(try api.json(try await api.get("/api/db/calls?status=completed"))["total"] as? Int == 1)
            #expect(try api.json(try await api.get("/api/db/calls/\(world.calls[0].callSid!)"))["status"] as? String == "completed")
            #expect(try api.json(try await api.get("/api/db/campaigns/\(id)/contacts"))["total"] as? Int == 3)
            #expect(try api.json(try await api.get("/api/v1/mongo/calls/stats"))["total_calls"] as? Int == 4)
            #expect(try await api.request("POST", "/api/db/campaigns/\(id)/pause", scope: .operate).status == 200)
            #expect(try await store.campaign(id: world.campaign.id!)?.status == .paused)
            #expect(try await api.request("POST", "/api/db/campaigns/\(id)/pause", scope: .read).status == 403)
            let csv = try CSVTable.parse(text(try await api.get("/api/db/calls/export.csv"))).filter { $0 != [""] }
            #expect(csv.count == 5)
            _ = try await store.revokeAPIKey(nameOrPrefix: "read-key", now: APIHarness.t0)
            api.clock.advance(by: .seconds(6))
            #expect(try await api.get("/api/db/calls").status == 401)
            #expect(try await store.apiKey(hash: "x") == nil)
        }
    }
}

@testable import DialerStore
import DialerCore
import DialerTestSupport
import Foundation
import Testing

@Suite("MongoStore on the wire server") struct MongoSpecificTests {
    let t0 = Fixtures.t0

    @Test func documentsUseNativeBSONTypes() async throws {
        let store = try await TestDatabase.freshStore()
        let campaignId = ObjectId()
        let contactIds = try await store.insertContacts([Fixtures.contact(1, campaign: campaignId)])
        var call = Fixtures.call(attempt: "att-types", campaign: campaignId)
        call.duration = 42
        call.cost = 0.013
        _ = try await store.insertCall(call)
        let raw = try #require(try await store.on(Collections.calls) { try MongoOperations.findOne($0, filter: ["attemptId": "att-types"]) })
        #expect(raw["createdAt"]?.typeName == "date")
        #expect(raw["campaignId"] == .objectId(campaignId))
        #expect(raw["contactId"]?.typeName == "objectId")
        #expect(raw["duration"] == .int32(42))
        #expect(raw["cost"] == .double(0.013))
        #expect(raw["callSid"] == nil, "absent ids are left out so the unique callSid index allows many")
        let contact = try #require(try await store.on(Collections.contacts) { try MongoOperations.findOne($0, filter: ["_id": .objectId(contactIds[0])]) })
        #expect(contact["campaignIds"] == .array([.objectId(campaignId)]))
        #expect(contact["status"] == "active")
    }

    @Test func aDocumentThatDoesNotFitNamesTheFieldPath() async throws {
        let store = try await TestDatabase.freshStore()
        let id = ObjectId()
        try await store.on(Collections.campaigns) {
            try MongoOperations.insertOne($0, ["_id": .objectId(id), "name": "broken", "settings": ["callDelay": "fast"]])
        }
        do {
            _ = try await store.campaign(id: id)
            Issue.record("a string callDelay was accepted")
        } catch StoreError.badDocument(let collection, let path, _) {
            #expect(collection == "campaigns")
            #expect(path == "settings.callDelay")
        }
    }

    @Test func sparseOperatorDocumentsReadWithDefaultsAndUnknownStatusesAreKept() async throws {
        let store = try await TestDatabase.freshStore()
        let id = ObjectId()
        try await store.on(Collections.campaigns) {
            try MongoOperations.insertOne($0, ["_id": .objectId(id), "name": "sparse", "status": "archived", "settings": ["maxConcurrentCalls": 3]])
        }
        let campaign = try #require(try await store.campaign(id: id))
        #expect(campaign.status == .unknown("archived"))
        #expect(campaign.settings.maxConcurrentCalls == 3)
        #expect(campaign.settings.callDelay == 5_000)
        #expect(campaign.validate().map(\.path) == ["status"])
    }

    @Test func initDBCreatesEverySeedIndexOnceThenHasNothingToDo() async throws {
        let store = try await TestDatabase.freshStore()
        let second = try await store.ensureIndexes()
        #expect(second.created.isEmpty)
        #expect(second.existing.count == IndexCatalog.all.count)
        let callIndexes = try await store.on(Collections.calls) { try MongoOperations.listIndexes($0) }
        let callSid = try #require(callIndexes.first { $0["key"] == .document(["callSid": 1]) })
        #expect(callSid["unique"] == .bool(true))
        let seedKeys = IndexCatalog.seed001.map(\.keys)
        #expect(seedKeys.contains(["phoneNumber": 1, "campaignIds": 1]))
    }

    @Test func aKilledServerFailsFastAsUnavailableAndTheSameStoreRecovers() async throws {
        let server = try OwnedServer()
        try await server.start()
        let store = try MongoStore(uri: server.uri)
        _ = try await store.insertCampaign(Fixtures.campaign())
        server.kill()

        let clock = ContinuousClock()
        let started = clock.now
        do {
            _ = try await store.listCampaigns(statuses: nil, page: PageRequest())
            Issue.record("an operation succeeded against a killed server")
        } catch StoreError.unavailable {
            // expected
        }
        let elapsed = clock.now - started
        #expect(elapsed < .seconds(5), "took \(elapsed)")

        try await server.start()
        var recovered = false
        for _ in 0..<20 where !recovered {
            do {
                _ = try await store.insertCampaign(Fixtures.campaign("after restart"))
                recovered = true
            } catch StoreError.unavailable {
                continue
            }
        }
        #expect(recovered)
        #expect(try await store.listCampaigns(statuses: nil, page: PageRequest()).items.map(\.name) == ["after restart"])
    }
}

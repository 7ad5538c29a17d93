import DialerCore
import DialerTestSupport
import Foundation
import Testing

@testable import DialerStore

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
        let contact = try #require(
            try await store.on(Collections.contacts) { try MongoOperations.findOne($0, filter: ["_id": .objectId(contactIds[0])]) })
        #expect(contact["campaignIds"] == .array([.objectId(campaignId)]))
        #expect(contact["status"] == "active")
    }

    /// The driver refuses such keys before sending; that is the caller's bad input, not a database fault.
    @Test func aKeyTheDriverRefusesIsAnInvalidArgument() async throws {
        let store = try await TestDatabase.freshStore()
        var contact = Fixtures.contact(1, campaign: ObjectId())
        contact.customFields = ["": .string("empty key")]
        do {
            _ = try await store.insertContacts([contact])
            Issue.record("an empty key was stored")
        } catch StoreError.invalidArgument(let message) {
            #expect(message.contains("empty key"), "\(message)")
        }
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

    /// The set-aside is a compare-and-set on the fields judged: a fix made between the poll's read
    /// and its update is not paused over.
    @Test func aCampaignFixedBetweenThePollsReadAndItsSetAsideIsLeftRunnable() async throws {
        let store = try await TestDatabase.freshStore()
        let id = ObjectId()
        try await store.on(Collections.campaigns) {
            try MongoOperations.insertOne($0, ["_id": .objectId(id), "name": "edited", "status": "active", "settings": ["callDelay": "abc"]])
        }
        let read = try #require(try await store.on(Collections.campaigns) { try MongoOperations.findOne($0, filter: ["_id": .objectId(id)]) })
        try await store.on(Collections.campaigns) {
            try MongoOperations.updateOne($0, filter: ["_id": .objectId(id)], update: ["$set": ["settings.callDelay": 1000]])
        }
        #expect(try await store.runnableOrSetAside(read, now: t0) == nil, "what was read is not runnable")
        let now = try #require(try await store.campaign(id: id))
        #expect(now.status == .active && now.lastError == nil, "the fixed document is not set aside")
        #expect(try await store.dueCampaigns(now: t0, leasableBy: "a", excluding: [], limit: 10).compactMap(\.id) == [id])
    }

    /// A malformed call or claim is reported by the stale scans, which go on past it, instead of
    /// throwing and so stopping reconciliation for everything.
    @Test func staleScansReportAMalformedDocumentAndGoOnPastIt() async throws {
        let store = try await TestDatabase.freshStore()
        let badCall = ObjectId()
        let badClaim = ObjectId()
        _ = try await store.insertCall(Fixtures.call(attempt: "before", at: t0.addingTimeInterval(-2)))
        try await store.on(Collections.calls) {
            try MongoOperations.insertOne(
                $0,
                [
                    "_id": .objectId(badCall), "attemptId": "hand-edited", "status": "queued", "to": "+14155551234",
                    "provider": "twilio", "attempt": "first", "createdAt": .date(t0.addingTimeInterval(-1)),
                    "updatedAt": .date(t0)
                ])
        }
        _ = try await store.insertCall(Fixtures.call(attempt: "after", at: t0))
        let calls = try await store.staleCalls(olderThan: t0.addingTimeInterval(10), after: nil, limit: 10)
        #expect(calls.items.map(\.attemptId) == ["before", "after"])
        #expect(calls.unreadable.map(\.id) == [badCall])
        #expect(calls.unreadable.first?.reason.hasPrefix("attempt:") == true, "\(calls.unreadable)")
        // A page that ends on the unreadable document still moves the cursor past it.
        let first = try await store.staleCalls(olderThan: t0.addingTimeInterval(10), after: nil, limit: 2)
        #expect(first.next?.id == badCall)
        #expect(try await store.staleCalls(olderThan: t0.addingTimeInterval(10), after: first.next, limit: 2).items.map(\.attemptId) == ["after"])

        let campaignId = try await Fixtures.enrolledCampaign(store, count: 1)
        _ = try await store.claimNextContact(ClaimRequest(campaignId: campaignId, owner: "a", attemptId: "good-claim", now: t0))
        try await store.on(Collections.dialStates) {
            try MongoOperations.insertOne(
                $0,
                [
                    "_id": .objectId(badClaim), "campaignId": "not an id", "state": "calling",
                    "claimedAt": .date(t0)
                ])
        }
        let claims = try await store.staleClaims(olderThan: t0.addingTimeInterval(10), after: nil, limit: 10)
        #expect(claims.items.map(\.currentAttemptId) == ["good-claim"])
        #expect(claims.unreadable.map(\.id) == [badClaim])
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

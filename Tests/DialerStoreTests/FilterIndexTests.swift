import DialerCore
import DialerTestSupport
import Foundation
import Testing

@testable import DialerStore

/// Every filter the operator API lists, scans or guards a write with is served by an index of
/// `IndexCatalog`. Two checks, because the test server's planner is narrower than mongod's
/// (measured): it uses an index only when that one index covers every predicate of the filter,
/// never a partial index, and never for a top-level `$or`; mongod uses an index whose leading field
/// any predicate names, and an OR plan when each branch has one.
/// - Each filter field alone, as the store's own query builders write it, is explained on the test
///   database with the catalog's indexes: its winning plan must scan an index, not the collection.
/// - Every filter, combined fields and guards included, must name the leading field of a catalog
///   index in each of its `$or` branches: what lets mongod serve it from that index.
@Suite("Mongo: every operator API filter uses an index") struct FilterIndexTests {
    let day = Fixtures.t0

    let contactId = ObjectId()
    var campaign: Campaign { Campaign(name: "c", contactIds: [ObjectId(), ObjectId()], now: day) }

    /// Each filter field of each list, alone.
    var singleFieldFilters: [(String, BSONDocument)] {
        let calls = [
            CallFilter(campaignId: ObjectId()), CallFilter(contactId: ObjectId()), CallFilter(statuses: [.completed, .failed]),
            CallFilter(outcome: "answered"), CallFilter(minDuration: 30), CallFilter(createdAfter: day, createdBefore: day + 86_400),
            CallFilter(to: "+14155550100")
        ].map { (Collections.calls, CallQueries.filter($0)) }
        let contacts = [
            ContactFilter(campaignId: ObjectId()), ContactFilter(statuses: [.active]), ContactFilter(phoneNumber: "+14155550100"),
            ContactFilter(tag: "vip"), ContactFilter(createdAfter: day, createdBefore: day + 86_400)
        ].map { (Collections.contacts, ContactQueries.filter($0, campaign: campaign)) }
        let recordings = [RecordingFilter(callSid: "CA1"), RecordingFilter(statuses: [.completed]), RecordingFilter(createdAfter: day)]
            .map { (Collections.recordings, RecordingQueries.filter($0)) }
        let events = [CallEventFilter(callSid: "CA1"), CallEventFilter(eventType: "status"), CallEventFilter(after: day, before: day + 60)]
            .map { (Collections.callEvents, CallEventQueries.filter($0)) }
        let guards: [(String, BSONDocument)] = [
            (Collections.campaigns, ["contactIds": .objectId(contactId)]), (Collections.contacts, ["campaignIds": .objectId(contactId)]),
            (Collections.recordings, ["recordingSid": "RE1"]), (Collections.transcripts, ["callSid": "CA1"])
        ]
        return calls + contacts + recordings + events + guards
    }

    /// Filters as the API combines them, the keyset scan's, and the guards of deletes and membership writes.
    var combinedFilters: [(String, BSONDocument)] {
        let cursor: BSONDocument = ["$or": [["createdAt": ["$gt": .date(day)]], ["createdAt": .date(day), "_id": ["$gt": .objectId(ObjectId())]]]]
        let live: BSONValue = MongoStore.liveStatus
        let id: BSONValue = .objectId(contactId)
        let lists: [(String, BSONDocument)] = [
            (Collections.calls, CallQueries.filter(CallFilter(campaignId: ObjectId(), statuses: [.completed], createdAfter: day))),
            (Collections.calls, CallQueries.filter(CallFilter(contactId: ObjectId(), statuses: [.completed]))),
            (Collections.calls, CallQueries.filter(CallFilter(outcome: "answered", minDuration: 10, to: "+14155550100"))),
            (Collections.contacts, ContactQueries.filter(ContactFilter(campaignId: ObjectId(), statuses: [.active], tag: "vip"), campaign: campaign)),
            (Collections.recordings, RecordingQueries.filter(RecordingFilter(callSid: "CA1", statuses: [.completed], createdAfter: day))),
            (Collections.callEvents, CallEventQueries.filter(CallEventFilter(callSid: "CA1", eventType: "status", after: day)))
        ]
        let scans: [(String, BSONDocument)] = [
            (Collections.calls, Queries.and(CallQueries.filter(CallFilter(statuses: [.completed])), cursor)),
            (Collections.contacts, Queries.and(ContactQueries.filter(ContactFilter(campaignId: ObjectId()), campaign: campaign), cursor))
        ]
        let guards: [(String, BSONDocument)] = [
            (Collections.calls, ["callSid": "CA1", "status": MongoStore.terminalStatus]),
            (Collections.calls, ["contactId": id, "status": live]),
            (Collections.calls, ["campaignId": id, "contactId": id, "status": live]),
            (Collections.dialStates, ["contactId": id, "state": "calling"]),
            (Collections.dialStates, ["contactId": id, "state": "calling", "currentCallId": ["$in": []]]),
            (Collections.dialStates, ["campaignId": id, "contactId": id, "state": DialQueries.claimableState]),
            (Collections.dialStates, ["contactId": id, "state": DialQueries.claimableState]),
            (Collections.campaigns, ["_id": id, "contactIds": ["$ne": id]])
        ]
        return lists + scans + guards + singleFieldFilters
    }

    @Test func eachFilterFieldAloneIsServedByAnIndexOnTheTestDatabase() async throws {
        let store = try await TestDatabase.freshStore()
        for (collection, filter) in singleFieldFilters {
            for branch in Self.branches(filter) {
                let stages = try await Self.winningStages(store, collection, branch)
                #expect(
                    !stages.contains("COLLSCAN") && stages.contains { $0.hasSuffix("IXSCAN") || $0 == "IDHACK" },
                    "\(collection) \(branch): \(stages)")
            }
        }
    }

    @Test func everyFilterNamesTheLeadingFieldOfACatalogIndexInEachBranch() {
        for (collection, filter) in combinedFilters {
            let leading = Set(IndexCatalog.all.filter { $0.collection == collection }.compactMap(\.keys.keys.first) + ["_id"])
            for branch in Self.branches(filter) {
                #expect(!leading.isDisjoint(with: branch.keys), "\(collection) \(branch.keys): no catalog index leads with one of them")
            }
        }
    }

    @Test func theKeysetScanFilterKeepsTheListFilterWhole() {
        let cursor = ScanCursor(time: day, id: ObjectId())
        let membership = ContactQueries.filter(ContactFilter(campaignId: ObjectId()), campaign: nil)
        let combined = Queries.and(membership, ["$or": [["createdAt": ["$gt": .date(cursor.time)]]]])
        #expect(combined.keys == ["$and"])
        #expect(Queries.and(["status": "active"], ["$or": []]).keys == ["status", "$or"])
    }

    /// The filter with each `$or` branch in turn in place of the `$or` (one branch per `$or` at a time).
    static func branches(_ filter: BSONDocument) -> [BSONDocument] {
        if let clauses = filter["$and"]?.arrayValue?.compactMap(\.documentValue) {
            return clauses.flatMap(branches)
        }
        guard let alternatives = filter["$or"]?.arrayValue?.compactMap(\.documentValue) else { return [filter] }
        var rest = filter
        rest["$or"] = nil
        return alternatives.map { rest.merging($0) }
    }

    static func winningStages(_ store: MongoStore, _ collection: String, _ filter: BSONDocument) async throws -> [String] {
        let database = store.connection.databaseName
        let command: BSONDocument = ["explain": ["find": .string(collection), "filter": .document(filter)], "verbosity": "queryPlanner"]
        let reply = try await store.connection.withClient { try MongoOperations.command($0, database: database, command) }
        let plan = try #require(reply["queryPlanner"]?.documentValue?["winningPlan"])
        return stages(plan)
    }

    static func stages(_ value: BSONValue) -> [String] {
        switch value {
        case .document(let document):
            (document["stage"]?.stringValue.map { [$0] } ?? []) + document.flatMap { stages($0.value) }
        case .array(let items): items.flatMap(stages)
        default: []
        }
    }
}

import DialerCore
import Foundation
import Testing

@testable import DialerStore

/// The field tables each rule is read from agree with the models' own encodings, so a field added to
/// a struct but not to its table (or named differently) fails here rather than in a store.
@Suite("Field tables") struct FieldTableTests {
    let encoder = BSONEncoder()

    @Test func everyCallFieldSetsTheCallPropertyOfItsName() throws {
        let fields = CallFields(
            callSid: "CA1", conversationId: "conv-1", providerCallId: "p-1", startTime: Fixtures.t0,
            endTime: Fixtures.t0.addingTimeInterval(61), duration: 61, answeredBy: "human", price: "-0.0130",
            priceUnit: "USD", cost: 0.013, outcome: "reached", recordingUrl: "https://example.com/r.mp3",
            transcript: "hello", notes: "note", errorCode: "31005", errorMessage: "gone", needsReconciliation: true)
        #expect(Mirror(reflecting: fields).children.allSatisfy { "\($0.value)" != "nil" }, "the example sets every field")
        let set = try CallQueries.set(fields)
        #expect(set.keys.count == Mirror(reflecting: fields).children.count)
        #expect(CallFields.merges.count == set.keys.count)
        var call = Fixtures.call()
        call.apply(fields)
        let stored = try encoder.encode(call)
        for (key, value) in set { #expect(stored[key] == value, "\(key)") }
        #expect(try CallQueries.set(CallFields()).isEmpty)
    }

    @Test func everyIncrementMovesTheStatsFieldOfItsName() throws {
        var stats = CampaignStats()
        stats.apply(StatsDelta(callsPlaced: 2, callsCompleted: 3, callsAnswered: 4, callsFailed: 5, duration: 6))
        let encoded = try encoder.encode(stats)
        for increment in StatsDelta.increments {
            #expect(stats[keyPath: increment.field] != 0, "\(increment.name)")
            #expect(encoded[increment.name] == .int(stats[keyPath: increment.field]), "\(increment.name)")
        }
    }

    @Test func aRecountReplacesAllButTheFieldsItDoesNotCount() throws {
        let current = CampaignStats(
            totalContacts: 1, callsPlaced: 2, callsCompleted: 3, callsAnswered: 4, callsFailed: 5,
            averageDuration: 6, totalDuration: 7, durationCount: 8)
        let recount = CampaignStats(
            totalContacts: 11, callsPlaced: 12, callsCompleted: 13, callsAnswered: 14, callsFailed: 15,
            averageDuration: 16, totalDuration: 17, durationCount: 18)
        let replaced = try encoder.encode(current.replacingCounters(with: recount))
        let (before, after) = (try encoder.encode(current), try encoder.encode(recount))
        for (key, value) in replaced {
            #expect(value == (CampaignStats.notRecounted.contains(key) ? before[key] : after[key]), "\(key)")
        }
        let set = try CampaignQueries.recountedStats(recount)
        #expect(set.map(\.0) == after.keys.filter { !CampaignStats.notRecounted.contains($0) }.map { "stats.\($0)" })
    }
}

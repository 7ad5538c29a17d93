@testable import DialerStore
import DialerCore
import Foundation
import Testing

/// The field tables each rule is read from agree with the models' own encodings, so a field added to
/// a struct but not to its table (or named differently) fails here rather than in a store.
@Suite("Field tables") struct FieldTableTests {
    let encoder = BSONEncoder()

    @Test func everyCallFieldSetsTheCallPropertyOfItsName() throws {
        let fields = CallFields(callSid: "CA1", conversationId: "conv-1", providerCallId: "p-1", startTime: Fixtures.t0,
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
}

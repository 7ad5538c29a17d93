@testable import DialerEngine
import Foundation
import Testing

@Suite struct AttemptIDTests {
    @Test func attemptIdsAreDistinctVersion4UUIDs() {
        let ids = (0..<10_000).map { _ in AttemptID.make() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(100) {
            let uuid = UUID(uuidString: id)
            #expect(uuid != nil, "\(id) is not a UUID")
            #expect(Array(id)[14] == "4", "\(id) is not version 4")
            #expect("89AB".contains(Array(id)[19]), "\(id) lacks the RFC 4122 variant")
        }
    }
}

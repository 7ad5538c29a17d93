import DialerCore
import Foundation
import Testing

@Suite struct ObjectIdTests {
    /// MongoDB's layout: 4-byte big-endian seconds, 5 bytes fixed per process, 3-byte counter.
    @Test func aNewIdHasMongoDBsLayoutAndItsHexSpellsItsBytes() {
        let date = Date(timeIntervalSince1970: 1_800_000_123)
        let first = ObjectId(date: date)
        let second = ObjectId(date: date)
        #expect(Array(first.bytes[0..<4]) == [0x6B, 0x49, 0xD2, 0x7B])
        #expect(first.bytes[4..<9] == second.bytes[4..<9])
        let counter = { (id: ObjectId) in id.bytes[9..<12].reduce(0) { $0 << 8 | Int($1) } }
        #expect((counter(second) - counter(first) + 0x100_0000) % 0x100_0000 == 1)
        #expect(first.hex == first.bytes.map { String(format: "%02x", $0) }.joined())
        #expect(ObjectId(hex: first.hex) == first)
        #expect(ObjectId(bytes: first.bytes) == first)
    }
}

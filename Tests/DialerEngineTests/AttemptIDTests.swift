import Foundation
import Testing

@testable import DialerEngine

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

    /// The attack works: ids drawn the way they once were, from xoshiro256**, give the
    /// generator's state away, and with it every id after them.
    @Test func tenIdsFromALinearGeneratorPredictTheNext() {
        var generator = Xoshiro(state: (0x9E37_79B9_7F4A_7C15, 0xBF58_476D_1CE4_E5B9, 0x94D0_49BB_1331_11EB, 0x2545_F491_4F6C_DD1D))
        let ids = (0..<11).map { _ in Xoshiro.attemptId(generator.next(), generator.next()) }
        #expect(StateRecovery.predictNext(after: Array(ids.prefix(10))) == ids[10])
    }

    @Test func tenAttemptIdsDoNotPredictTheNext() {
        // Drawn back to back so another test's ids are unlikely to fall between them.
        let ids = (0..<11).map { _ in AttemptID.make() }
        #expect(StateRecovery.predictNext(after: Array(ids.prefix(10))) != ids[10])
    }
}

/// xoshiro256** (Blackman and Vigna), and attempt ids built from two of its words as they once were.
struct Xoshiro {
    var state: (UInt64, UInt64, UInt64, UInt64)

    mutating func next() -> UInt64 {
        let result = (state.1 &* 5).rotatedLeft(7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = state.3.rotatedLeft(45)
        return result
    }

    static func attemptId(_ first: UInt64, _ second: UInt64) -> String {
        var words = (first.littleEndian, second.littleEndian)
        var uuid = withUnsafeBytes(of: &words) { $0.load(as: uuid_t.self) }
        uuid.6 = (uuid.6 & 0x0F) | 0x40
        uuid.8 = (uuid.8 & 0x3F) | 0x80
        return UUID(uuid: uuid).uuidString
    }
}

/// Recovers xoshiro256**'s state from the ids it made. An id's first word is a generator output
/// with 4 bits overwritten by the version; its 52 low bits give the 45 low bits of the state word
/// `s1` it was made from (`output = rotl(s1 * 5, 7) * 9`, and a product's low bits depend only on
/// the factors' low bits). The state moves linearly over GF(2), so ten ids give 450 linear
/// equations in its 256 bits.
enum StateRecovery {
    typealias Bits = SIMD4<UInt64>
    typealias Word = [Bits]

    static func predictNext(after ids: [String]) -> String? {
        let inverse9 = inverse(9)
        let inverse5 = inverse(5)
        var symbolic: [Word] = (0..<4).map { word in (0..<64).map { unit(word * 64 + $0) } }
        var rows: [(Bits, Bool)] = []
        for id in ids {
            guard let uuid = UUID(uuidString: id)?.uuid else { return nil }
            let output = withUnsafeBytes(of: uuid) { UInt64(littleEndian: $0.load(as: UInt64.self)) }
            let s1 = (output &* inverse9).rotatedLeft(64 - 7) &* inverse5
            for bit in 0..<45 { rows.append((symbolic[1][bit], (s1 >> UInt64(bit)) & 1 == 1)) }
            step(&symbolic)
            step(&symbolic)
        }
        guard let state = solve(rows) else { return nil }
        var generator = Xoshiro(state: (state[0], state[1], state[2], state[3]))
        for _ in ids { _ = (generator.next(), generator.next()) }
        return Xoshiro.attemptId(generator.next(), generator.next())
    }

    private static func unit(_ index: Int) -> Bits {
        var bits = Bits(repeating: 0)
        bits[index / 64] = 1 << UInt64(index % 64)
        return bits
    }

    /// One `next()` applied to a state whose bits are linear combinations of the initial bits.
    private static func step(_ s: inout [Word]) {
        let shifted: Word = (0..<64).map { $0 >= 17 ? s[1][$0 - 17] : Bits(repeating: 0) }
        s[2] = xor(s[2], s[0])
        s[3] = xor(s[3], s[1])
        s[1] = xor(s[1], s[2])
        s[0] = xor(s[0], s[3])
        s[2] = xor(s[2], shifted)
        let old = s[3]
        s[3] = (0..<64).map { old[($0 + 64 - 45) % 64] }
    }

    private static func xor(_ a: Word, _ b: Word) -> Word { zip(a, b).map { $0 ^ $1 } }

    /// Gaussian elimination over GF(2); nil unless the equations are consistent and fix every bit.
    private static func solve(_ equations: [(Bits, Bool)]) -> [UInt64]? {
        var rows = equations
        var pivotRow = 0
        var pivots: [Int] = []
        for column in 0..<256 {
            let mask = unit(column)
            guard let found = rows[pivotRow...].firstIndex(where: { ($0.0 & mask) != Bits(repeating: 0) }) else { return nil }
            rows.swapAt(pivotRow, found)
            for index in rows.indices where index != pivotRow && (rows[index].0 & mask) != Bits(repeating: 0) {
                rows[index] = (rows[index].0 ^ rows[pivotRow].0, rows[index].1 != rows[pivotRow].1)
            }
            pivots.append(column)
            pivotRow += 1
        }
        if rows[pivotRow...].contains(where: { $0.1 }) { return nil }
        var state = [UInt64](repeating: 0, count: 4)
        for (row, column) in pivots.enumerated() where rows[row].1 { state[column / 64] |= 1 << UInt64(column % 64) }
        return state
    }

    /// The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration).
    private static func inverse(_ odd: UInt64) -> UInt64 {
        var x = odd
        for _ in 0..<6 { x = x &* (2 &- odd &* x) }
        return x
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 { (self << count) | (self >> (64 - count)) }
}

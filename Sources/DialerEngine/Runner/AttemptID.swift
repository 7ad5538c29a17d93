import DialerCore
import Foundation

private let attemptWords = LockedValue(Xoshiro256StarStar())

/// Our own id for each attempt, written before the provider request.
enum AttemptID {
    /// A random (version 4) UUID string. Foundation's `UUID()` opens, reads and closes
    /// /dev/urandom on every call on Linux, and the standard library's generator makes a
    /// `getrandom` system call per word. An id needs to be unique, not unguessable (callbacks
    /// are authenticated by signature), so its words come from a generator seeded once by the system.
    static func make() -> String {
        var words = attemptWords.withLock { ($0.next(), $0.next()) }
        var uuid = withUnsafeBytes(of: &words) { $0.load(as: uuid_t.self) }
        uuid.6 = (uuid.6 & 0x0F) | 0x40
        uuid.8 = (uuid.8 & 0x3F) | 0x80
        return UUID(uuid: uuid).uuidString
    }
}

/// xoshiro256** (Blackman and Vigna): 256 bits of state, period 2^256 − 1.
struct Xoshiro256StarStar: RandomNumberGenerator {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Seeded by the system; the all-zero state, the one that never leaves zero, is redrawn.
    init() {
        var system = SystemRandomNumberGenerator()
        repeat {
            state = (system.next(), system.next(), system.next(), system.next())
        } while state == (0, 0, 0, 0)
    }

    mutating func next() -> UInt64 {
        let result = (state.1 &* 5).rotatedLeft(by: 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = state.3.rotatedLeft(by: 45)
        return result
    }
}

private extension UInt64 {
    func rotatedLeft(by count: UInt64) -> UInt64 { (self << count) | (self >> (64 - count)) }
}

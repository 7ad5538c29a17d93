import Foundation

/// A MongoDB ObjectId: 4-byte seconds timestamp, 5 random bytes, 3-byte counter.
public struct ObjectId: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    // Two words instead of an array: ids are copied and hashed on every store operation.
    private let high: UInt64
    private let low: UInt32

    public init(bytes: [UInt8]) {
        precondition(bytes.count == 12, "an ObjectId has 12 bytes")
        high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = bytes[8..<12].reduce(0) { $0 << 8 | UInt32($1) }
    }

    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) } + (0..<4).map { UInt8(truncatingIfNeeded: low >> (24 - 8 * $0)) }
    }

    public init?(hex: String) {
        guard hex.utf8.count == 24 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(12)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            out.append(byte)
            index = next
        }
        self.init(bytes: out)
    }

    public init(date: Date = Date()) {
        let seconds = UInt64(UInt32(truncatingIfNeeded: Int64(date.timeIntervalSince1970)))
        let count = UInt32(ObjectIdCounter.shared.next())
        // Built in the two words directly: an id is made for every call, and arrays cost allocations.
        high = seconds << 32 | ObjectIdCounter.processRandom >> 8
        low = UInt32(truncatingIfNeeded: ObjectIdCounter.processRandom & 0xFF) << 24 | count
    }

    public var hex: String {
        String(unsafeUninitializedCapacity: 24) { out in
            let digits: StaticString = "0123456789abcdef"
            for i in 0..<12 {
                let byte = i < 8 ? UInt8(truncatingIfNeeded: high >> (56 - 8 * i)) : UInt8(truncatingIfNeeded: low >> (24 - 8 * (i - 8)))
                out[2 * i] = digits.utf8Start[Int(byte >> 4)]
                out[2 * i + 1] = digits.utf8Start[Int(byte & 0x0f)]
            }
            return 24
        }
    }
    public var description: String { hex }

    public static func < (lhs: ObjectId, rhs: ObjectId) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ObjectId(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a 24-hex-digit ObjectId: \(text)")
        }
        self = id
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

private final class ObjectIdCounter: @unchecked Sendable {
    static let shared = ObjectIdCounter()
    /// The 5 random bytes of every id this process makes, in the low 40 bits.
    static let processRandom: UInt64 = UInt64.random(in: 0..<(1 << 40))
    private let lock = NSLock()
    private var value = UInt32.random(in: 0..<0xFF_FFFF)

    func next() -> UInt32 {
        lock.lock()
        defer { lock.unlock() }
        value = (value &+ 1) & 0xFF_FFFF
        return value
    }
}

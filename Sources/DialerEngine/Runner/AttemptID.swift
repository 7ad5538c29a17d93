import Foundation

/// Our own id for each attempt, written before the provider request.
enum AttemptID {
    /// A random (version 4) UUID string. Foundation's `UUID()` opens, reads and closes
    /// /dev/urandom on every call on Linux; the standard library's generator does not.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var words = (generator.next() as UInt64, generator.next() as UInt64)
        var uuid = withUnsafeBytes(of: &words) { $0.load(as: uuid_t.self) }
        uuid.6 = (uuid.6 & 0x0F) | 0x40
        uuid.8 = (uuid.8 & 0x3F) | 0x80
        return UUID(uuid: uuid).uuidString
    }
}

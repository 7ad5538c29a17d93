import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Our own id for each attempt, written before the provider request.
enum AttemptID {
    /// A random (version 4) UUID string. Its bytes come from the system's cryptographically
    /// secure generator: an attempt id travels in callbacks (ElevenLabs' dynamic variables, a
    /// Bland call's metadata), so it must not be predictable from the ids seen before it.
    /// `arc4random_buf` fills all 16 bytes in one call; Foundation's `UUID()` opens, reads and
    /// closes /dev/urandom on every call on Linux.
    static func make() -> String {
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { arc4random_buf($0.baseAddress!, $0.count) }
        uuid.6 = (uuid.6 & 0x0F) | 0x40
        uuid.8 = (uuid.8 & 0x3F) | 0x80
        return UUID(uuid: uuid).uuidString
    }
}

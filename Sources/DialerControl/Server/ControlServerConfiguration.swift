import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

public struct ControlServerConfiguration: Sendable {
    public var socketPath: String
    /// nil: the socket is 0600 and only `allowedUIDs` may use it. Set: the socket is 0660 and
    /// owned by this group, whose members (as the file system decides) may use it too.
    public var groupID: UInt32?
    /// Peers (by SO_PEERCRED) allowed in. Default: the server's own (effective) uid, and root.
    public var allowedUIDs: Set<UInt32>
    /// How often `watch` sends progress.
    public var watchInterval: Duration
    public var maxLineBytes: Int

    public init(
        socketPath: String = ControlSocketPath.default(), groupID: UInt32? = nil, allowedUIDs: Set<UInt32>? = nil,
        watchInterval: Duration = .seconds(1), maxLineBytes: Int = ControlProtocol.maxLineBytes
    ) {
        self.socketPath = socketPath
        self.groupID = groupID
        self.allowedUIDs = allowedUIDs ?? [geteuid(), 0]
        self.watchInterval = watchInterval
        self.maxLineBytes = maxLineBytes
    }

    /// The socket file's permission bits.
    public var socketMode: UInt32 { groupID == nil ? 0o600 : 0o660 }
    /// Permission bits of the socket's directory, when the server creates it.
    var directoryMode: UInt32 { groupID == nil ? 0o700 : 0o750 }

    /// Resolves a group given by name or number, for a `--control-group` option. Reads the group
    /// database, which may block: call it once at start-up, not from request handling.
    public static func groupID(named name: String) -> UInt32? {
        if let number = UInt32(name) { return number }
        guard let entry = getgrnam(name) else { return nil }
        return entry.pointee.gr_gid
    }
}

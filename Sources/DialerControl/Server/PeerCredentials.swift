import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// The connecting process, as the kernel reports it (SO_PEERCRED). Laid out as Linux's
/// `struct ucred`, which Swift's Glibc module does not import.
public struct PeerCredentials: Sendable, Equatable, CustomStringConvertible {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    public var description: String { "pid \(pid) uid \(uid) gid \(gid)" }

    /// Reads the peer of an accepted Unix-socket channel. Must run on the channel's event loop,
    /// where NIO completes the future at once.
    static func of(_ channel: any Channel) -> EventLoopFuture<PeerCredentials?> {
        #if os(Linux)
            guard let provider = channel as? any SocketOptionProvider else { return channel.eventLoop.makeSucceededFuture(nil) }
            return provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
                .map { (credentials: PeerCredentials) -> PeerCredentials? in credentials }
                .recover { _ in nil }
        #else
            return channel.eventLoop.makeSucceededFuture(nil)
        #endif
    }
}

/// Who may use the socket.
struct PeerPolicy: Sendable {
    var allowedUIDs: Set<UInt32>
    var groupID: UInt32?

    /// With a group configured, the socket's 0660 mode already limits who can connect to the
    /// group's members (supplementary groups included, which SO_PEERCRED cannot show), so any
    /// peer that got in is allowed. Unknown credentials are refused.
    func allows(_ peer: PeerCredentials?) -> Bool {
        guard let peer else { return false }
        return allowedUIDs.contains(peer.uid) || groupID != nil
    }
}

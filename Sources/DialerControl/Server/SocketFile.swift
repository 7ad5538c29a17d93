import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

public enum ControlServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another process listens on the path.
    case alreadyRunning(path: String)
    /// The path exists and is not a socket: it is left alone.
    case notASocket(path: String)
    case pathTooLong(path: String, limit: Int)
    case cannotPrepare(path: String, reason: String)

    public var description: String {
        switch self {
        case .alreadyRunning(let path):
            "another dialerd is already listening on the control socket \(path); stop it, or give this one a different socket path"
        case .notASocket(let path):
            "\(path) exists and is not a socket; refusing to replace it. Remove it or choose another control socket path"
        case .pathTooLong(let path, let limit):
            "the control socket path \(path) is longer than the \(limit) bytes a Unix socket address holds"
        case .cannotPrepare(let path, let reason):
            "cannot prepare the control socket \(path): \(reason)"
        }
    }
}

/// The file system side of the socket: its directory, stale files, permissions. Blocking calls;
/// the server runs them on NIO's thread pool.
enum SocketFile {
    enum Probe: Equatable {
        case absent
        /// A socket file nobody listens on: left by a process that died.
        case stale
        case live
        case notASocket
    }

    static var maxPathBytes: Int { MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1 }

    static func probe(_ path: String) throws(ControlServerError) -> Probe {
        var info = stat()
        if lstat(path, &info) != 0 {
            if errno == ENOENT { return .absent }
            throw .cannotPrepare(path: path, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else { return .notASocket }
        let result = connectProbe(path)
        switch result {
        case 0: return .live
        case ECONNREFUSED: return .stale
        case ENOENT: return .absent
        default: throw .cannotPrepare(path: path, reason: "probing it failed: \(String(cString: strerror(result)))")
        }
    }

    /// 0 when something accepted the connection, else the errno.
    private static func connectProbe(_ path: String) -> Int32 {
        #if canImport(Glibc)
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes.prefix(raw.count - 1))
        }
        let status = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return status == 0 ? 0 : errno
    }

    /// Makes the socket's directory if missing (private to the owner, or the group), and clears
    /// a stale socket. A live one, or a file that is not a socket, stops start-up.
    static func prepare(_ configuration: ControlServerConfiguration) throws(ControlServerError) {
        let path = configuration.socketPath
        guard path.utf8.count <= maxPathBytes else { throw .pathTooLong(path: path, limit: maxPathBytes) }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: Int(configuration.directoryMode)])
            } catch {
                throw .cannotPrepare(path: path, reason: "cannot create \(directory): \(error.localizedDescription)")
            }
            if let group = configuration.groupID, chown(directory, uid_t.max, group) != 0 {
                throw .cannotPrepare(path: path, reason: "cannot give \(directory) to group \(group): \(String(cString: strerror(errno)))")
            }
        }
        if !directory.isEmpty { try checkDirectory(directory, socketPath: path) }
        switch try probe(path) {
        case .absent: return
        case .live: throw .alreadyRunning(path: path)
        case .notASocket: throw .notASocket(path: path)
        case .stale:
            if unlink(path) != 0, errno != ENOENT {
                throw .cannotPrepare(path: path, reason: "cannot remove the stale socket: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// The socket's directory must not let another user swap the socket for their own: it must
    /// belong to us (or root), and not be writable by others unless sticky, as /tmp is.
    private static func checkDirectory(_ directory: String, socketPath: String) throws(ControlServerError) {
        var info = stat()
        guard stat(directory, &info) == 0 else {
            throw .cannotPrepare(path: socketPath, reason: "cannot read \(directory): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .cannotPrepare(path: socketPath, reason: "\(directory) is not a directory") }
        guard info.st_uid == geteuid() || info.st_uid == 0 else {
            throw .cannotPrepare(path: socketPath, reason: "\(directory) belongs to uid \(info.st_uid), not to this user; refusing to listen there")
        }
        if info.st_mode & S_IWOTH != 0, info.st_mode & S_ISVTX == 0 {
            throw .cannotPrepare(path: socketPath, reason: "\(directory) is writable by everyone; refusing to listen there")
        }
    }

    /// Sets the socket's mode and group right after bind, and returns its inode so that only
    /// this very file is removed at shutdown.
    static func secure(_ configuration: ControlServerConfiguration) throws(ControlServerError) -> UInt64 {
        let path = configuration.socketPath
        if let group = configuration.groupID, chown(path, uid_t.max, group) != 0 {
            throw .cannotPrepare(path: path, reason: "cannot give the socket to group \(group): \(String(cString: strerror(errno)))")
        }
        guard chmod(path, mode_t(configuration.socketMode)) == 0 else {
            throw .cannotPrepare(path: path, reason: "cannot set its mode: \(String(cString: strerror(errno)))")
        }
        return inode(path) ?? 0
    }

    static func inode(_ path: String) -> UInt64? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return UInt64(info.st_ino)
    }

    /// Removes the socket if it is still ours: a successor may already have replaced it.
    static func remove(_ path: String, inode expected: UInt64) {
        if inode(path) == expected { unlink(path) }
    }
}

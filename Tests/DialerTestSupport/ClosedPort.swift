#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A loopback port that was just bound and released, so nothing listens on it
/// and a connection to it is refused.
public func closedLoopbackPort() throws -> Int {
    let socket = try LoopbackSocket()
    defer { socket.close() }
    return try socket.bindToAnyPort()
}

/// A loopback port whose listener never accepts and whose accept queue is
/// full, so the kernel drops new connection attempts and connecting hangs
/// until the client's connect timeout.
public final class UnresponsiveListener {
    public let port: Int
    private let listener: LoopbackSocket
    private var fillers: [LoopbackSocket] = []

    public init() throws {
        listener = try LoopbackSocket()
        port = try listener.bindToAnyPort()
        guard listen(listener.fd, 0) == 0 else { throw LoopbackSocketError.listenFailed }
        // Backlog 0 still queues one connection; a few more make sure it is full.
        for _ in 0..<3 {
            let filler = try LoopbackSocket()
            filler.connectWithoutWaiting(to: port)
            fillers.append(filler)
        }
    }

    public func close() {
        for filler in fillers { filler.close() }
        listener.close()
    }
}

enum LoopbackSocketError: Error {
    case socketFailed
    case bindFailed
    case listenFailed
}

final class LoopbackSocket {
    let fd: Int32

    init() throws {
        #if canImport(Glibc)
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw LoopbackSocketError.socketFailed }
    }

    func close() {
        #if canImport(Glibc)
            _ = Glibc.close(fd)
        #else
            _ = Darwin.close(fd)
        #endif
    }

    func bindToAnyPort() throws -> Int {
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw LoopbackSocketError.bindFailed }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw LoopbackSocketError.bindFailed }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    func connectWithoutWaiting(to port: Int) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var address = Self.loopback(port: port)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

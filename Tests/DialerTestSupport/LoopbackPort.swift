import Foundation

public struct NoFreePort: Error, CustomStringConvertible {
    public var description: String { "the OS handed out no free loopback port" }
}

/// A free loopback port below the kernel's ephemeral range, for a server whose address must be
/// known before it starts (a process told its port by flag, a URL a simulator signs) or that a
/// test stops and restarts on the same address. A port from `bind(0)` is in the ephemeral range,
/// where any test's outgoing connection or `bind(0)` can take it before our server binds it;
/// neither ever takes a port below the range. Only another random pick can, one in ~20,000.
public func freeLoopbackPort() throws -> Int {
    let ephemeralStart =
        (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))
        .flatMap { $0.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } } ?? 32_768
    let range = 10_000..<max(10_001, ephemeralStart)
    for _ in 0..<200 {
        if let port = bindLoopback(port: Int.random(in: range)) { return port }
    }
    throw NoFreePort()
}

/// Whether a server could listen on `port` now, as a successor would (with SO_REUSEADDR, so
/// connections of a closed predecessor still in TIME_WAIT do not count).
public func loopbackPortIsFree(_ port: Int) -> Bool {
    bindLoopback(port: port, reuseAddress: true) != nil
}

/// Binds and releases a loopback TCP port, returning it if the bind succeeded.
private func bindLoopback(port: Int, reuseAddress: Bool = false) -> Int? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    if reuseAddress {
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    }
    var address = loopbackAddress(port: port)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
}

/// 127.0.0.1:`port` as the socket calls take it.
func loopbackAddress(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}

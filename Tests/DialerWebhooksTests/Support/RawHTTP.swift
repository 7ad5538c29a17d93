import Foundation

/// Sends hand-written HTTP/1.1 bytes over a blocking socket on a thread of its own (never on
/// the cooperative pool), for what libcurl will not send: a chunked body with no
/// Content-Length. Returns the status code, or nil if the server closed without one.
enum RawHTTP {
    /// `timeout`: how long to wait for the answer, in whole seconds.
    static func send(port: Int, _ request: [UInt8], timeout: Int = 10) async -> Int? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: exchange(port: port, request, timeout: timeout)) }
        }
    }

    private static func exchange(port: Int, _ request: [UInt8], timeout seconds: Int) -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { return nil }
        // The server may answer 413 and close before taking everything; a failed write is fine.
        var offset = 0
        while offset < request.count {
            let written = request[offset...].withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { break }
            offset += written
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !response.contains(UInt8(ascii: "\n")) {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response.append(contentsOf: buffer[0..<count])
        }
        let statusLine = String(decoding: response, as: UTF8.self).split(separator: "\r\n").first ?? ""
        let parts = statusLine.split(separator: " ")
        return parts.count >= 2 ? Int(parts[1]) : nil
    }

    /// Sends `request` (may be empty), then reads until the server closes the connection.
    /// Returns how long that took, or nil if it was still open after `timeout` seconds.
    static func timeUntilClosed(port: Int, sending request: [UInt8], timeout: Int) async -> Duration? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: waitForClose(port: port, request, timeout: timeout)) }
        }
    }

    private static func waitForClose(port: Int, _ request: [UInt8], timeout seconds: Int) -> Duration? {
        let start = ContinuousClock.now
        guard let fd = connected(port: port, timeout: seconds) else { return nil }
        defer { close(fd) }
        if !request.isEmpty, request.withUnsafeBytes({ Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) != request.count {
            return nil
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { return ContinuousClock.now - start }
            // A reset is a close too; a timeout (EAGAIN) means it stayed open.
            if count < 0 { return errno == ECONNRESET ? ContinuousClock.now - start : nil }
        }
    }

    private static func connected(port: Int, timeout seconds: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        if ok { return fd }
        close(fd)
        return nil
    }

    static func chunkedPost(path: String, headers: [(String, String)], body: [UInt8], chunkSize: Int = 16 * 1024) -> [UInt8] {
        var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        var bytes = Array((head + "\r\n").utf8)
        var index = 0
        while index < body.count {
            let chunk = body[index..<min(index + chunkSize, body.count)]
            bytes += Array((String(chunk.count, radix: 16) + "\r\n").utf8) + chunk + Array("\r\n".utf8)
            index += chunk.count
        }
        return bytes + Array("0\r\n\r\n".utf8)
    }
}

import DialerCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A one-connection HTTP/1.1 server on 127.0.0.1 that sends a large body with blocking writes, so
/// what it has written is what the client let through: a write waits while the client's socket is full.
///
/// The Hummingbird test server cannot show this: its body writer does not wait for the socket and
/// buffered about 100 MiB for a paused client, measured.
final class BlockingBodyServer: Sendable {
    let port: Int
    let progress = LargeBodyProgress()
    private let listener: Int32

    init(bodySize: Int) throws {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw BlockingBodyServerError.socket }
        listener = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else {
            closeSocket(fd)
            throw BlockingBodyServerError.bind
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        let progress = self.progress
        Thread.detachNewThread { Self.serve(listener: fd, bodySize: bodySize, progress: progress) }
    }

    func close() { _ = shutdown(listener, Int32(SHUT_RDWR)) }

    var url: String { "http://127.0.0.1:\(port)/large" }

    private static func serve(listener: Int32, bodySize: Int, progress: LargeBodyProgress) {
        let connection = accept(listener, nil, nil)
        closeSocket(listener)
        guard connection >= 0 else { return }
        defer { closeSocket(connection) }
        var sendBuffer: Int32 = 64 << 10
        _ = setsockopt(connection, SOL_SOCKET, SO_SNDBUF, &sendBuffer, socklen_t(MemoryLayout<Int32>.size))
        // Reads the request head; its content does not matter.
        var request: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: 4096)
        while !request.suffix(4).elementsEqual("\r\n\r\n".utf8) {
            let count = recv(connection, &scratch, scratch.count, 0)
            guard count > 0 else { return }
            request += scratch.prefix(count)
        }
        progress.started()
        let head = "HTTP/1.1 200 OK\r\nContent-Length: \(bodySize)\r\nContent-Type: application/octet-stream\r\n\r\n"
        guard sendAll(connection, Array(head.utf8)[...]) else { return progress.ended(.failed) }
        // The pattern repeats every 251 bytes: each chunk is a slice of one array made once.
        let pattern = (0..<(StreamingTestServer.chunkSize + 251)).map(StreamingTestServer.byte(at:))
        var offset = 0
        while offset < bodySize {
            let size = min(StreamingTestServer.chunkSize, bodySize - offset)
            let phase = offset % 251
            guard sendAll(connection, pattern[phase..<(phase + size)]) else { return progress.ended(.failed) }
            offset += size
            progress.wrote(size)
        }
        progress.ended(.finished)
    }

    private static func sendAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.dropFirst(sent).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }
}

private func closeSocket(_ fd: Int32) {
    #if canImport(Glibc)
        _ = Glibc.close(fd)
    #else
        _ = Darwin.close(fd)
    #endif
}

enum BlockingBodyServerError: Error {
    case socket
    case bind
}

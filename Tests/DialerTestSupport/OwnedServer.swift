import DialerStore
import Foundation
import Testing

/// A test database server process of a test's own: for tests that kill and restart it, and for
/// end-to-end runs, which would otherwise queue behind every other test on the shared server
/// (it serves one request at a time).
public final class OwnedServer: @unchecked Sendable {
    public let port: Int
    private var process: Process?

    public init() throws {
        port = try freeLoopbackPort()
    }

    public var uri: String { "mongodb://127.0.0.1:\(port)/owned" }

    public func start() async throws {
        guard let command = TestDatabase.serverCommand else {
            Issue.record("DIALER_TEST_DB_SERVER is not set: run the tests with scripts/test")
            throw StoreError.unavailable("no test database server command")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = ["--host", "127.0.0.1", "--port", String(port), "--storage-path", ":memory:"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        try await waitUntilListening(timeout: 30)
    }

    public func kill() {
        guard let process else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    deinit { kill() }

    private func waitUntilListening(timeout: TimeInterval) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if OwnedServer.canConnect(port: port) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw StoreError.unavailable("test server did not listen on port \(port) within \(Int(timeout)) s")
    }

    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopbackAddress(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

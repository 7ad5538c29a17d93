import DialerControl
import DialerCore
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Control socket: file permissions, stale and live sockets, peer credentials")
struct SocketFileTests {
    private func mode(_ path: String) -> (mode: UInt32, gid: UInt32, isSocket: Bool)? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return (UInt32(info.st_mode) & 0o777, UInt32(info.st_gid), info.st_mode & S_IFMT == S_IFSOCK)
    }

    /// A socket file nobody listens on, as a crashed dialerd leaves behind.
    private func makeStaleSocket(at path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        close(fd)
        try #require(status == 0)
    }

    @Test func theSocketIsCreatedOwnerOnly() async throws {
        try await withSocket { h in
            let info = try #require(mode(h.socketPath))
            #expect(info.isSocket)
            #expect(info.mode == 0o600)
        }
    }

    @Test func aConfiguredGroupGetsReadWriteAccess() async throws {
        let group = getgid()
        try await withSocket(try SocketHarness(groupID: group)) { h in
            let info = try #require(mode(h.socketPath))
            #expect(info.mode == 0o660)
            #expect(info.gid == group)
            #expect(try await h.helloSucceeds())
        }
    }

    @Test func theSocketDirectoryIsCreatedPrivate() async throws {
        let harness = try SocketHarness()
        defer { harness.directory.remove() }
        let base = harness.directory
        let path = base.path + "/run/dialer/ctl.sock"
        let server = ControlServer(configuration: ControlServerConfiguration(socketPath: path), backend: harness.backend)
        let bound = try await server.bind()
        let serving = Task { try await bound.serve() }
        #expect(mode(base.path + "/run/dialer")?.mode == 0o700)
        #expect(mode(path)?.mode == 0o600)
        serving.cancel()
        _ = await serving.result
        #expect(mode(path) == nil, "the socket file is removed on shutdown")
    }

    @Test func aStaleSocketIsReplaced() async throws {
        let harness = try SocketHarness()
        try makeStaleSocket(at: harness.socketPath)
        #expect(mode(harness.socketPath)?.isSocket == true)
        try await withSocket(harness) { h in
            let answered = try await h.helloSucceeds()
            #expect(answered)
            #expect(mode(h.socketPath)?.mode == 0o600)
        }
    }

    @Test func aLiveSocketStopsASecondServer() async throws {
        try await withSocket { h in
            let second = ControlServer(configuration: h.configuration, backend: h.backend)
            await #expect(throws: ControlServerError.alreadyRunning(path: h.socketPath)) { _ = try await second.bind() }
            let answered = try await h.helloSucceeds()
            #expect(answered, "the first server keeps serving")
            let message = ControlServerError.alreadyRunning(path: h.socketPath).description
            #expect(message.contains(h.socketPath) && message.contains("already listening"))
        }
    }

    @Test func aFileThatIsNotASocketIsLeftAlone() async throws {
        let harness = try SocketHarness()
        defer { harness.directory.remove() }
        try Data("precious".utf8).write(to: URL(fileURLWithPath: harness.socketPath))
        await #expect(throws: ControlServerError.notASocket(path: harness.socketPath)) { _ = try await harness.server().bind() }
        #expect(try String(contentsOfFile: harness.socketPath, encoding: .utf8) == "precious")
    }

    @Test func aDirectoryOthersCanWriteIsRefusedUnlessSticky() async throws {
        let harness = try SocketHarness()
        defer { harness.directory.remove() }
        chmod(harness.directory.path, 0o777)
        await #expect(
            throws: ControlServerError.cannotPrepare(
                path: harness.socketPath, reason: "\(harness.directory.path) is writable by everyone; refusing to listen there")
        ) {
            _ = try await harness.server().bind()
        }
        chmod(harness.directory.path, 0o1777)
        let bound = try await harness.server().bind()
        let serving = Task { try await bound.serve() }
        #expect(mode(harness.socketPath)?.mode == 0o600, "a sticky directory such as /tmp is fine")
        serving.cancel()
        _ = await serving.result
    }

    @Test func aPeerWhoseUidIsNotAllowedIsRefusedAndDisconnected() async throws {
        let someoneElse = getuid() &+ 12_345
        try await withSocket(try SocketHarness(allowedUIDs: [someoneElse])) { h in
            let id = ObjectId()
            try await h.connect { connection in
                try await connection.send("campaigns.pause", ["id": .string(id.hex)])
                guard case .response(let response)? = try await connection.nextReply() else {
                    Issue.record("no refusal")
                    return
                }
                #expect(response.code == "forbidden")
                #expect(response.error?.message.contains("uid \(getuid())") == true)
                #expect(try await connection.nextReply() == nil, "the server closes the connection")
            }
            #expect(h.backend.calls.isEmpty, "the refused pause never reached the backend")
        }
    }

    @Test func defaultPaths() {
        #expect(ControlSocketPath.default(environment: ["XDG_RUNTIME_DIR": "/run/user/1000"]) == "/run/user/1000/dialer/dialerd.sock")
        #expect(ControlSocketPath.default(environment: [:]) == "/tmp/dialer-\(getuid())/dialerd.sock")
        #expect(ControlSocketPath.forClient(environment: ["DIALER_SOCKET": "/x/y.sock", "XDG_RUNTIME_DIR": "/run/user/1"]) == "/x/y.sock")
        #expect(ControlServerConfiguration().allowedUIDs == [geteuid(), 0])
    }

    @Test func aTooLongPathIsRefusedClearly() async throws {
        let harness = try SocketHarness()
        defer { harness.directory.remove() }
        let path = "/tmp/" + String(repeating: "d", count: 120) + "/ctl.sock"
        let server = ControlServer(configuration: ControlServerConfiguration(socketPath: path), backend: harness.backend)
        await #expect(throws: ControlServerError.pathTooLong(path: path, limit: 107)) { _ = try await server.bind() }
    }
}

import DialerControl
import DialerCore
import DialerTestSupport
import Foundation
import Logging

/// A control server on a real Unix socket in a temp directory, over a `FakeOperatorBackend` and a
/// manual clock: what the transport does, with nothing behind it.
struct SocketHarness {
    let backend = FakeOperatorBackend()
    let clock = ManualWallClock(start: FakeOperatorBackend.now)
    let directory: TempSocketDirectory
    let configuration: ControlServerConfiguration

    var socketPath: String { configuration.socketPath }

    init(allowedUIDs: Set<UInt32>? = nil, groupID: UInt32? = nil, maxLineBytes: Int = ControlProtocol.maxLineBytes) throws {
        directory = try TempSocketDirectory()
        configuration = ControlServerConfiguration(
            socketPath: directory.socketPath, groupID: groupID, allowedUIDs: allowedUIDs,
            watchInterval: .seconds(1), maxLineBytes: maxLineBytes)
    }

    func server() -> ControlServer {
        ControlServer(configuration: configuration, backend: backend, clock: clock, logger: Logger(label: "test.control"))
    }

    func connect<R: Sendable>(_ body: (ControlConnection) async throws -> R) async throws -> R {
        try await ControlClient.withConnection(socketPath: socketPath, body)
    }
}

/// Binds and serves for the duration of `body`, then removes the socket's directory.
func withSocket<R>(_ harness: SocketHarness? = nil, _ body: (SocketHarness) async throws -> R) async throws -> R {
    let harness = try harness ?? SocketHarness()
    let bound: BoundControlServer
    do {
        bound = try await harness.server().bind()
    } catch {
        harness.directory.remove()
        throw error
    }
    let serving = Task { try await bound.serve() }
    defer { harness.directory.remove() }
    do {
        let result = try await body(harness)
        serving.cancel()
        _ = await serving.result
        return result
    } catch {
        serving.cancel()
        _ = await serving.result
        throw error
    }
}

extension ControlResponse {
    var code: String? { error?.code.rawValue }
}

extension SocketHarness {
    /// One `hello` on a fresh connection.
    func helloSucceeds() async throws -> Bool {
        try await connect { try await $0.request("hello") }.ok
    }
}

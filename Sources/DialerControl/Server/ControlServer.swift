import DialerCore
import DialerOperator
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The control socket, as a ServiceLifecycle service: binds the Unix socket, checks each peer,
/// and answers newline-delimited JSON requests through a `OperatorBackend`.
public struct ControlServer: Service {
    private let configuration: ControlServerConfiguration
    private let backend: any OperatorBackend
    private let clock: any WallClock
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup

    public init(
        configuration: ControlServerConfiguration, backend: any OperatorBackend, clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "dialer.control"), eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        self.backend = backend
        self.clock = clock
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
    }

    /// Binds, then serves until cancelled or a graceful shutdown; removes the socket file on the way out.
    public func run() async throws {
        let bound = try await bind()
        do {
            try await cancelWhenGracefulShutdown { try await bound.serve() }
        } catch is CancellationError {
            // A clean shutdown.
        }
    }

    /// Prepares the path and binds the socket; connections are accepted once `serve()` runs.
    /// Throws `ControlServerError` when another server is live on the path.
    public func bind() async throws -> BoundControlServer {
        let configuration = self.configuration
        try await NIOThreadPool.singleton.runIfActive { try SocketFile.prepare(configuration) }
        let maxLine = configuration.maxLineBytes
        let channel = try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 64)
            .bind(unixDomainSocketPath: configuration.socketPath, cleanupExistingSocketFile: false) { child in
                PeerCredentials.of(child).flatMapThrowing { peer in
                    try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineFrameDecoder(maxLength: maxLine)))
                    let wrapped = try NIOAsyncChannel<ControlFrame, ByteBuffer>(wrappingChannelSynchronously: child)
                    return AcceptedConnection(peer: peer, channel: wrapped)
                }
            }
        let inode: UInt64
        do {
            inode = try await NIOThreadPool.singleton.runIfActive { try SocketFile.secure(configuration) }
        } catch {
            try? await channel.channel.close()
            throw error
        }
        logger.info(
            "control socket listening",
            metadata: [
                "path": "\(configuration.socketPath)", "mode": "\(String(configuration.socketMode, radix: 8))"
            ])
        let router = ControlRouter(backend: backend, clock: clock, watchInterval: configuration.watchInterval, logger: logger)
        return BoundControlServer(
            path: configuration.socketPath, inode: inode, channel: channel, router: router,
            policy: PeerPolicy(allowedUIDs: configuration.allowedUIDs, groupID: configuration.groupID),
            maxLineBytes: maxLine, logger: logger)
    }
}

struct AcceptedConnection: Sendable {
    var peer: PeerCredentials?
    var channel: NIOAsyncChannel<ControlFrame, ByteBuffer>
}

/// A bound control socket. `serve()` accepts until its task is cancelled.
public struct BoundControlServer: Sendable {
    public let path: String
    let inode: UInt64
    let channel: NIOAsyncChannel<AcceptedConnection, Never>
    let router: ControlRouter
    let policy: PeerPolicy
    let maxLineBytes: Int
    let logger: Logger

    public func serve() async throws {
        do {
            try await channel.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in inbound {
                        group.addTask { await handle(connection) }
                    }
                }
            }
        } catch {
            await removeSocketFile()
            throw error
        }
        await removeSocketFile()
    }

    private func removeSocketFile() async {
        let (path, inode) = (self.path, self.inode)
        try? await NIOThreadPool.singleton.runIfActive { SocketFile.remove(path, inode: inode) }
    }

    private func handle(_ connection: AcceptedConnection) async {
        let peer = connection.peer
        do {
            try await connection.channel.executeThenClose { inbound, outbound in
                let write: @Sendable (Data) async throws -> Void = { data in try await outbound.write(ByteBuffer(bytes: data)) }
                guard policy.allows(peer) else {
                    logger.warning("control connection refused", metadata: ["peer": "\(peer.map(\.description) ?? "unknown")"])
                    let who = peer.map { "uid \($0.uid)" } ?? "a peer with unknown credentials"
                    try await write(ReplyLine.failure(id: .null, OperatorError(.forbidden, "\(who) may not use this control socket")))
                    outbound.finish()
                    await Self.discard(inbound, upTo: .seconds(1))
                    return
                }
                logger.debug("control connection", metadata: ["peer": "\(peer.map(\.description) ?? "unknown")"])
                try await serve(inbound, write: write, peer: peer)
            }
        } catch {
            logger.debug("control connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Reads and drops what a refused peer already sent: closing with unread data would reset
    /// the connection, and the peer might lose the refusal before reading it.
    private static func discard(_ inbound: NIOAsyncChannelInboundStream<ControlFrame>, upTo limit: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do { for try await _ in inbound {} } catch {}
            }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Requests are answered in order. A watch streams in its own task until the client sends
    /// another line (which ends the watch first) or goes away.
    private func serve(
        _ inbound: NIOAsyncChannelInboundStream<ControlFrame>, write: @escaping @Sendable (Data) async throws -> Void,
        peer: PeerCredentials?
    ) async throws {
        var watch: (id: JSONValue, task: Task<Bool, Never>)?
        defer { watch?.task.cancel() }
        for try await frame in inbound {
            if let running = watch {
                running.task.cancel()
                if await !running.task.value {
                    try await write(ReplyLine.success(id: running.id, WatchEnd(reason: "superseded", campaigns: [])))
                }
                watch = nil
            }
            switch frame {
            case .oversize:
                try await write(ReplyLine.failure(id: .null, OperatorError(.tooLarge, "the request line is longer than \(maxLineBytes) bytes")))
            case .line(let buffer):
                switch await router.handle(Data(buffer.readableBytesView), peer: peer) {
                case .reply(let line):
                    try await write(line)
                case .watch(let session):
                    watch = (session.requestId, Task { await session.run(write: write) })
                }
            }
        }
        if let running = watch {
            running.task.cancel()
            _ = await running.task.value
        }
    }
}

import DialerCore
import Foundation
import NIOCore
import NIOPosix

/// The client side of the control socket, on SwiftNIO so no thread blocks on a read.
public enum ControlClient {
    /// Connects, runs `body` with the connection, and closes it.
    public static func withConnection<R: Sendable>(
        socketPath: String, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        _ body: (ControlConnection) async throws -> R
    ) async throws -> R {
        let channel: NIOAsyncChannel<ControlFrame, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: eventLoopGroup)
                .connect(unixDomainSocketPath: socketPath) { channel in
                    do {
                        try channel.pipeline.syncOperations.addHandler(
                            ByteToMessageHandler(LineFrameDecoder(maxLength: ControlProtocol.maxLineBytes)))
                        return channel.eventLoop.makeSucceededFuture(
                            try NIOAsyncChannel<ControlFrame, ByteBuffer>(wrappingChannelSynchronously: channel))
                    } catch {
                        return channel.eventLoop.makeFailedFuture(error)
                    }
                }
        } catch {
            throw ControlClientError.cannotConnect(path: socketPath, reason: Self.reason(error))
        }
        return try await channel.executeThenClose { inbound, outbound in
            let connection = ControlConnection(inbound: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(connection)
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let io = error as? IOError {
            switch io.errnoCode {
            case ENOENT: return "no socket there (is dialerd running? set --socket or DIALER_SOCKET)"
            case ECONNREFUSED: return "nothing is listening (a stale socket file?)"
            case EACCES: return "permission denied"
            default: return String(cString: strerror(io.errnoCode))
            }
        }
        return "\(error)"
    }
}

/// One open connection. Requests are answered in order; a stream's events come before its response.
public final class ControlConnection {
    private var inbound: NIOAsyncChannelInboundStream<ControlFrame>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var nextId = 1

    init(inbound: NIOAsyncChannelInboundStream<ControlFrame>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.inbound = inbound
        self.outbound = outbound
    }

    /// Sends a command and waits for its response (events of a stream are skipped).
    public func request(_ command: String, _ args: [String: JSONValue] = [:]) async throws -> ControlResponse {
        let id = try await send(command, args)
        while let reply = try await nextReply() {
            if case .response(let response) = reply, response.id == id || response.id == .null { return response }
        }
        throw ControlClientError.connectionClosed
    }

    /// Sends a command without waiting; returns the id its replies carry.
    @discardableResult
    public func send(_ command: String, _ args: [String: JSONValue] = [:]) async throws -> JSONValue {
        let id = JSONValue.int(Int64(nextId))
        nextId += 1
        try await outbound.write(ByteBuffer(bytes: try ControlRequest(id: id, command: command, args: args).line()))
        return id
    }

    /// Sends bytes as they are, newline added: for tests of malformed input.
    public func sendRaw(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text + "\n"))
    }

    /// The next line from the server; nil when it closed the connection.
    public func nextReply() async throws -> ControlReply? {
        while let frame = try await inbound.next() {
            switch frame {
            case .line(let buffer): return try ControlReply.parse(Data(buffer.readableBytesView))
            case .oversize: throw ControlClientError.badReply("a reply line longer than \(ControlProtocol.maxLineBytes) bytes")
            }
        }
        return nil
    }
}

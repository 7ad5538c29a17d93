import Hummingbird
import Logging

/// A Hummingbird 2 server on 127.0.0.1, on a port the OS picks, for tests that
/// talk real HTTP. Stopped when `withLoopbackServer`'s body returns.
struct LoopbackServer: Sendable {
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }
}

/// What a handler can see of the connection it was called on.
struct LoopbackRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client's port: equal across requests exactly when one connection carried them.
    let remotePort: Int?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remotePort = source.channel.remoteAddress?.port
    }
}

func withLoopbackServer<T: Sendable>(
    routes: (Router<LoopbackRequestContext>) -> Void,
    _ body: (LoopbackServer) async throws -> T
) async throws -> T {
    let router = Router(context: LoopbackRequestContext.self)
    routes(router)

    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "loopback-server")
    logger.logLevel = .critical
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        },
        logger: logger)

    let server = Task { try await app.runService(gracefulShutdownSignals: []) }
    defer { server.cancel() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next(), port > 0 else {
        server.cancel()
        throw LoopbackServerError.didNotStart(String(describing: await server.result))
    }
    let result = try await body(LoopbackServer(port: port))
    server.cancel()
    _ = await server.result
    return result
}

enum LoopbackServerError: Error {
    case didNotStart(String)
}

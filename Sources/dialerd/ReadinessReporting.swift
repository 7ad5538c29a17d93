import DialerAPI
import DialerControl
import DialerWebhooks
import ServiceLifecycle

// Each `…ReadyWhen…` wrapper runs one service and marks it started in `Readiness` at the moment
// it can serve: the name says which service and when.

/// Marks a service started in `Readiness` as its `run()` begins. For loops that are working as
/// soon as they run (the scheduler, the reconciler).
struct ReadyWhenRunning<Base: Service>: Service, CustomStringConvertible {
    let name: String
    /// ServiceGroup lists its services at start-up; a name says enough and reflects no configuration.
    var description: String { name }
    let base: Base
    let readiness: Readiness

    func run() async throws {
        readiness.started(name)
        try await withGracefulShutdownHandler {
            try await base.run()
        } onGracefulShutdown: {
            // Shutting down: stop taking traffic before anything stops.
            readiness.stopping()
        }
    }
}

/// The webhook server is ready once it listens, not when it starts binding.
struct WebhooksReadyWhenListening: Service, CustomStringConvertible {
    var description: String { "webhooks" }
    let server: WebhookServer
    let readiness: Readiness

    func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                if (try? await server.listeningPort()) != nil { readiness.started("webhooks") }
            }
            try await server.run()
        }
    }
}

/// The operator API is ready once it listens.
struct APIReadyWhenListening: Service, CustomStringConvertible {
    var description: String { "api" }
    let server: APIServer
    let readiness: Readiness

    func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                if (try? await server.listeningPort()) != nil { readiness.started("api") }
            }
            try await server.run()
        }
    }
}

/// The control socket is ready once it is bound and secured; then it serves as `ControlServer.run`
/// does, except that a graceful shutdown leaves it `replyGrace` before closing connections: the
/// shutdown may have been caused by a request (`engine.drain` of an idle engine ends the scheduler
/// at once), and that request's reply must still reach dialerctl.
struct ControlReadyWhenBound: Service, CustomStringConvertible {
    var description: String { "control" }
    let server: ControlServer
    let readiness: Readiness
    var replyGrace: Duration = .milliseconds(500)

    func run() async throws {
        let bound = try await server.bind()
        readiness.started("control")
        let grace = replyGrace
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await bound.serve() }
            group.addTask {
                guard (try? await gracefulShutdown()) != nil else { return }
                try? await Task.sleep(for: grace)
            }
            await group.next()
            group.cancelAll()
        }
    }
}

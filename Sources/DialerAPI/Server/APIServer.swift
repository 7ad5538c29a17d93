import DialerCore
import Hummingbird
import Logging
import ServiceLifecycle

/// The operator HTTP API on its own listener (`apiBind`), a `Service` in dialerd's group. It
/// serves the route table (`APIRoutes`), the OpenAPI document made from it, and nothing else.
public final class APIServer: Service, Sendable {
    public let routes: [APIRoute]
    public let authenticator: APIKeyAuthenticator
    private let application: any Service
    private let port = PortPromise()

    /// - Parameter authenticator: pass one to revoke keys through it at once (dialerd hands it to the
    ///   operator backend); nil makes one with `configuration.keyCacheTTL`.
    public init(configuration: APIServerConfiguration, dependencies: APIDependencies, authenticator: APIKeyAuthenticator? = nil) {
        let authenticator =
            authenticator
            ?? APIKeyAuthenticator(
                store: dependencies.store, clock: dependencies.clock, cacheTTL: configuration.keyCacheTTL, logger: dependencies.logger)
        let table = APIRoutes.all(dependencies)
        let routes = table + [MetaRoutes.document(describing: table)]
        let router = Router()
        let metrics = APIRequestMetrics(factory: dependencies.metricsFactory)
        router.add(middleware: UnmatchedRouteMiddleware(routes: routes, metrics: metrics))
        RouteRegistrar(authenticator: authenticator, maxBodyBytes: configuration.maxBodyBytes, metrics: metrics, logger: dependencies.logger)
            .register(routes, on: router)
        let port = self.port
        self.routes = routes
        self.authenticator = authenticator
        dependencies.logger.info("operator API configured", metadata: ["configuration": "\(configuration)", "routes": "\(routes.count)"])
        application = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(min(configuration.idleTimeout.milliseconds, 3.2e10))))),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "dialerd"),
            onServerRunning: { channel in port.fulfil(.success(channel.localAddress?.port ?? configuration.port)) },
            logger: dependencies.logger)
    }

    public func run() async throws {
        do {
            try await application.run()
            port.fulfil(.failure(CancellationError()))
        } catch {
            port.fulfil(.failure(error))
            if error is CancellationError { return }
            throw error
        }
    }

    /// Waits until the server listens; throws if it stopped or failed first.
    public func listeningPort() async throws -> Int { try await port.value() }
}

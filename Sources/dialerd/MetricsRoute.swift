import Hummingbird
import Prometheus

/// `GET /metrics` on the webhook port, in Prometheus' text format. Gauges that are cheaper to
/// read than to keep current (CPS in use) are refreshed by `beforeScrape` on each scrape.
enum MetricsRoute {
    static func register<Context: RequestContext>(
        on router: Router<Context>, registry: PrometheusCollectorRegistry,
        beforeScrape: @escaping @Sendable () async -> Void
    ) {
        router.get("metrics") { _, _ -> Response in
            await beforeScrape()
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}

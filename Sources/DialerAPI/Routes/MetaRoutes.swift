import Foundation
import Hummingbird

/// The listener's own routes: health (no key), metrics and the OpenAPI document.
enum MetaRoutes {
    static let documentPath = "/api/openapi.json"

    static func routes(_ deps: APIDependencies) -> [APIRoute] {
        var routes: [APIRoute] = []
        if let health = deps.health {
            routes += [
                APIRoute(
                    .get, "/healthz", operationId: "healthz", summary: "The process answers", tag: "health", scope: nil,
                    success: .text("text/plain", "ok")
                ) { _ in health.liveness() },
                APIRoute(
                    .get, "/readyz", operationId: "readyz",
                    summary: "Ready: the database answers, every service started, no shutdown under way (else 503)", tag: "health",
                    scope: nil, success: .json(.ref("ReadinessReport"), "ready"), errors: [.serviceUnavailable]
                ) { _ in await health.readinessResponse() }
            ]
        }
        if let metrics = deps.metrics {
            routes.append(
                APIRoute(
                    .get, "/metrics", operationId: "metrics", summary: "Prometheus metrics", tag: "health", scope: .read,
                    success: .text("text/plain", "Prometheus text format 0.0.4")
                ) { _ in
                    var headers = HTTPFields()
                    headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
                    return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: await metrics())))
                })
        }
        return routes
    }

    /// The document's own route, serving the document made from the finished table (itself included).
    static func document(describing routes: [APIRoute]) -> APIRoute {
        var route = APIRoute(
            .get, documentPath, operationId: "openapi", summary: "This API's OpenAPI 3.1 document", tag: "meta", scope: .read,
            success: .json(.object(properties: [], required: [], additional: .any()), "the document")
        ) { _ in Response(status: .internalServerError) }
        let document = OpenAPIDocument.json(routes + [route])
        route.handler = { _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
        return route
    }
}

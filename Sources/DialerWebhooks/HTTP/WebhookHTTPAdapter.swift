import DialerMetrics
import Hummingbird
import Logging

/// The HTTP side of `WebhookHandler`: mounts each `WebhookRoute` on a Hummingbird router,
/// reads its request and writes the handler's reply.
///
/// A callback whose headers already fail its signature check (no secret configured, no
/// signature, an expired ElevenLabs timestamp) gets 403 before its body is read. Otherwise the
/// body is collected once, up to the route's limit (413 above it, decided from Content-Length
/// before reading when the sender declares one), and handed to `WebhookHandler` as raw bytes.
public enum WebhookHTTPAdapter {
    public static func register<Context: RequestContext>(on router: Router<Context>, handler: WebhookHandler) {
        for route in WebhookRoute.allCases {
            router.post(RouterPath(route.path)) { request, _ -> Response in
                let header = { (name: String) -> String? in
                    let lower = name.lowercased()
                    return request.headers.last { $0.name.canonicalName == lower }?.value
                }
                if let refusal = handler.refusalBeforeBody(route, header: header) {
                    return response(refusal, route: route, metrics: handler.metrics)
                }
                let limit = handler.configuration.bodyLimit(for: route)
                if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
                    return response(.tooLarge, route: route, metrics: handler.metrics)
                }
                let body: ByteBuffer
                do {
                    body = try await request.body.collect(upTo: limit)
                } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                    return response(.tooLarge, route: route, metrics: handler.metrics)
                }
                var headers: [(name: String, value: String)] = []
                for field in request.headers { headers.append((field.name.canonicalName, field.value)) }
                let webhookRequest = WebhookRequest(
                    method: request.method.rawValue, path: request.uri.path,
                    query: request.uri.query, headers: headers,
                    body: Array(body.readableBytesView))
                return response(await handler.handle(route, webhookRequest), route: route, metrics: handler.metrics)
            }
        }
    }

    static func response(_ reply: WebhookReply, route: WebhookRoute, metrics: WebhookMetrics) -> Response {
        metrics.request(route: route.rawValue, result: reply == .foreign ? "foreign" : result(of: reply.status))
        return response(reply)
    }

    /// A fixed word per status, so the label set stays small.
    static func result(of status: Int) -> String {
        switch status {
        case 200..<300: "ok"
        case 403: "forbidden"
        case 413: "too_large"
        case 400..<500: "bad_request"
        default: "unavailable"
        }
    }

    static func response(_ reply: WebhookReply) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(
            status: HTTPResponse.Status(code: reply.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body)))
    }
}

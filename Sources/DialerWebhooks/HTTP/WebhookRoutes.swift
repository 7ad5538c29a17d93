import Hummingbird
import Logging

/// Mounts the five callback routes on a Hummingbird router.
///
/// The body is collected once, up to the route's limit (413 above it, decided from
/// Content-Length before reading when the sender declares one), and handed to
/// `WebhookHandler` as raw bytes.
public enum WebhookRoutes {
    public static func register<Context: RequestContext>(on router: Router<Context>, handler: WebhookHandler) {
        for route in WebhookRoute.allCases {
            router.post(RouterPath(route.path)) { request, _ -> Response in
                let limit = handler.configuration.bodyLimit(for: route)
                if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
                    return response(.tooLarge)
                }
                let body: ByteBuffer
                do {
                    body = try await request.body.collect(upTo: limit)
                } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                    return response(.tooLarge)
                }
                var headers: [(name: String, value: String)] = []
                for field in request.headers { headers.append((field.name.canonicalName, field.value)) }
                let webhookRequest = WebhookRequest(method: request.method.rawValue, path: request.uri.path,
                                                    query: request.uri.query, headers: headers,
                                                    body: Array(body.readableBytesView))
                return response(await handler.handle(route, webhookRequest))
            }
        }
    }

    static func response(_ reply: WebhookReply) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: HTTPResponse.Status(code: reply.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body)))
    }
}

import HTTPTypes
import Hummingbird

/// The loopback server the HTTP client tests talk to, with the routes they need.
/// Test files use only this type, so they need not import Hummingbird, whose
/// `HTTPRequest` and `HTTPResponse` would clash with ours.
struct TestServer: Sendable {
    let baseURL: String
    /// The path of each request to a `/slow` route, as it arrives at the server.
    let slowArrivals: AsyncStream<String>

    func url(_ path: String) -> String { baseURL + path }
}

func withTestServer<T: Sendable>(_ body: (TestServer) async throws -> T) async throws -> T {
    let (arrivals, arrived) = AsyncStream.makeStream(of: String.self)
    return try await withLoopbackServer(routes: { installTestRoutes(on: $0, arrived: arrived) }) { server in
        try await body(TestServer(baseURL: server.baseURL, slowArrivals: arrivals))
    }
}

private func installTestRoutes(
    on router: Router<LoopbackRequestContext>,
    arrived: AsyncStream<String>.Continuation
) {
    router.get("hello/:name") { _, context -> String in
        "hello \(try context.parameters.require("name"))"
    }

    router.get("slow/:milliseconds") { request, context -> String in
        let milliseconds = try context.parameters.require("milliseconds", as: Int.self)
        arrived.yield(request.uri.path)
        try await Task.sleep(for: .milliseconds(milliseconds))
        return "late"
    }

    router.get("throttled") { request, _ -> Response in
        let after = request.uri.queryParameters.get("after") ?? "1"
        return Response(
            status: .tooManyRequests, headers: [.retryAfter: after],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "slow down")))
    }

    // A body whose size the Content-Length header announces.
    router.get("bytes/:count") { _, context -> Response in
        let count = try context.parameters.require("count", as: Int.self)
        return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: count)))
    }

    // The same, sent chunked, so only counting the bytes can catch an oversize body.
    router.get("stream/:count") { _, context -> Response in
        let count = try context.parameters.require("count", as: Int.self)
        return Response(
            status: .ok,
            body: ResponseBody { writer in
                var left = count
                while left > 0 {
                    let chunk = min(left, 1024)
                    try await writer.write(ByteBuffer(repeating: UInt8(ascii: "y"), count: chunk))
                    left -= chunk
                }
                try await writer.finish(nil)
            })
    }

    router.get("authorization") { request, _ -> String in
        request.headers[.authorization] ?? "<none>"
    }

    router.get("peer") { _, context -> String in
        context.remotePort.map(String.init) ?? "<unknown>"
    }

    let echo: @Sendable (Request, LoopbackRequestContext) async throws -> Response = { request, _ in
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers: HTTPFields = [:]
        headers[HTTPField.Name("X-Echo-Method")!] = request.method.rawValue
        headers[HTTPField.Name("X-Echo-Test-Header")!] = request.headers[HTTPField.Name("X-Test")!] ?? "<none>"
        headers[HTTPField.Name("X-Echo-Content-Type")!] = request.headers[.contentType] ?? "<none>"
        headers[HTTPField.Name("X-Echo-Expect")!] = request.headers[.expect] ?? "<none>"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }
    router.post("echo", use: echo)
    router.put("echo", use: echo)
    router.patch("echo", use: echo)
    router.delete("echo", use: echo)
}

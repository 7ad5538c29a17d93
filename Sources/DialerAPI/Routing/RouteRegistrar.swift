import DialerCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics

/// Serves the route table on a router. For every request of a route, in order: the key and its
/// scope, the parameters (unknown query parameters refused), the body, then the handler. Every
/// failure becomes an `APIError` reply; nothing a client sends can make it a 5xx.
struct RouteRegistrar: Sendable {
    let authenticator: APIKeyAuthenticator
    let maxBodyBytes: Int
    let metrics: APIRequestMetrics
    let logger: Logger

    func register(_ routes: [APIRoute], on router: Router<BasicRequestContext>) {
        for route in routes {
            router.on(RouterPath(route.routerPath), method: route.method) { request, context in
                await respond(route, request, context)
            }
        }
    }

    private func respond(_ route: APIRoute, _ request: Request, _ context: BasicRequestContext) async -> Response {
        var caller: APIKey?
        let response: Response
        do {
            if let scope = route.scope { caller = try await authenticator.authorize(request.headers, scope: scope) }
            var request = request
            let apiRequest = APIRequest(
                parameters: try parameters(route, request, context), caller: caller,
                body: route.body == nil ? nil : try await body(route, &request), request: request)
            response = try await route.handler(apiRequest)
        } catch {
            var apiError = APIError.from(error)
            if apiError.status.code >= 500 {
                logger.error(
                    "API request failed", metadata: ["route": "\(route.method) \(route.path)", "error": "\(error)"])
            }
            if route.seed000 { apiError = Seed000Errors.translated(apiError) }
            response = APIErrorReply.response(apiError)
        }
        metrics.count(route: route.path, method: route.method, status: response.status)
        logger.debug(
            "API request",
            metadata: ["route": "\(route.method) \(route.path)", "status": "\(response.status.code)", "key": "\(caller?.name ?? "-")"])
        return response
    }

    private func parameters(_ route: APIRoute, _ request: Request, _ context: BasicRequestContext) throws(APIError) -> [String: ParameterValue] {
        var values: [String: ParameterValue] = [:]
        let declared = Set(route.parameters.filter { $0.location == .query }.map(\.name))
        var seen: Set<String> = []
        for (name, _) in request.uri.queryParameters {
            let key = String(name)
            guard declared.contains(key) else {
                let known = declared.sorted().joined(separator: ", ")
                throw .badArgs(
                    "unknown query parameter \(APIParameter.quoted(key))" + (known.isEmpty ? "; this route takes none" : " (known: \(known))"))
            }
            guard seen.insert(key).inserted else { throw .badArgs("query parameter \"\(key)\" is given more than once") }
        }
        for parameter in route.parameters {
            let raw: String? =
                switch parameter.location {
                case .path: context.parameters.get(parameter.name).map { $0.removingPercentEncoding ?? $0 }
                case .query: request.uri.queryParameters[parameter.name[...]].map(String.init)
                }
            if let raw {
                values[parameter.name] = try parameter.parse(raw)
            } else if let defaultValue = parameter.defaultValue {
                values[parameter.name] = try parameter.parse(defaultValue)
            } else if parameter.required {
                throw .badArgs("\(parameter.location.rawValue) parameter \"\(parameter.name)\" is required")
            }
        }
        return values
    }

    /// The body as a JSON object whose fields the route's schema names; an empty body is `{}`.
    private func body(_ route: APIRoute, _ request: inout Request) async throws -> Data {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            throw Self.tooLarge(maxBodyBytes)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBodyBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Self.tooLarge(maxBodyBytes)
        }
        guard buffer.readableBytes > 0 else { return Data("{}".utf8) }
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            throw APIError(.unsupportedMediaType, "the body must be JSON, sent with \"Content-Type: application/json\"")
        }
        let data = Data(buffer.readableBytesView)
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw APIError(.badJSON, "the body is not valid JSON")
        }
        guard let fields = object as? [String: Any] else { throw APIError.badArgs("the body must be a JSON object") }
        if let allowed = route.body?.propertyNames, let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            let known = allowed.joined(separator: ", ")
            throw APIError.badArgs(
                "unknown field \(APIParameter.quoted(unknown)) in the body" + (known.isEmpty ? "; it takes none" : " (known: \(known))"))
        }
        // Decoding reads null as absent; the document allows null only where a field's schema is nullable.
        if let null = fields.keys.sorted().first(where: { fields[$0] is NSNull && route.body?.property($0)?.isNullable == false }) {
            throw APIError.badArgs("field \(APIParameter.quoted(null)) must not be null; leave it out instead")
        }
        return data
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.payloadTooLarge, "the body is larger than \(limit) bytes")
    }
}

/// An error as the HTTP reply seed 000 specifies.
enum APIErrorReply {
    static func response(_ error: APIError) -> Response {
        let body = APIErrorBody(error: error.error, message: error.message, code: error.code)
        var data = (try? APIJSON.encoder.encode(body)) ?? Data(#"{"error":"Internal","message":"internal error","code":"INTERNAL"}"#.utf8)
        data.append(0x0A)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if error.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// `dialer_api_requests_total{route, method, status}`: the route's template, never the path sent,
/// so neither a key nor an id becomes a label.
struct APIRequestMetrics: Sendable {
    static let name = "dialer_api_requests_total"
    let factory: any MetricsFactory

    func count(route: String, method: HTTPRequest.Method, status: HTTPResponse.Status) {
        Counter(label: Self.name, dimensions: [("route", route), ("method", method.rawValue), ("status", String(status.code))], factory: factory)
            .increment()
    }
}

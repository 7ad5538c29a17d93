import Hummingbird

/// Answers what no route serves in the API's error format: 405 when the path is served with
/// other methods (with `Allow`), else 404. Applies to the whole listener, health routes included.
struct UnmatchedRouteMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    /// Every route of the table, the documented health routes included.
    let routes: [APIRoute]
    let metrics: APIRequestMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            // The router prefers a literal segment to a parameter (`export.csv` over `{callSid}`), so
            // the path's methods are those of its most literal templates, each once.
            let matching = routes.filter { $0.matches(path: path) }
            let fewest = matching.map(\.parameterCount).min()
            var methods: [String] = []
            for route in matching where route.parameterCount == fewest && !methods.contains(route.method.rawValue) {
                methods.append(route.method.rawValue)
            }
            guard methods.isEmpty else {
                var response = APIErrorReply.response(
                    APIError(.methodNotAllowed, "\(request.method.rawValue) is not served on this path; it takes \(methods.joined(separator: ", "))"))
                response.headers[.allow] = methods.joined(separator: ", ")
                metrics.count(route: "unmatched", method: request.method, status: response.status)
                return response
            }
            metrics.count(route: "unmatched", method: request.method, status: .notFound)
            return APIErrorReply.response(.notFound("no route for this path; the routes are listed in /api/openapi.json"))
        }
    }
}

import DialerCore
import HTTPTypes
import Hummingbird

/// One route of the operator API: everything the OpenAPI document says about it, and its
/// handler. The route table (`APIRoutes`) is a list of these; `RouteRegistrar` serves each and
/// `OpenAPIDocument` describes each, so a route cannot be served undocumented or documented unserved.
public struct APIRoute: Sendable {
    public var method: HTTPRequest.Method
    /// OpenAPI style: `/api/db/calls/{callSid}`.
    public var path: String
    public var operationId: String
    public var summary: String
    public var tag: String
    /// nil: no key needed (the health routes).
    public var scope: APIScope?
    public var parameters: [APIParameter]
    /// A JSON object body, checked against this schema's fields before it is decoded.
    public var body: JSONSchema?
    public var success: APISuccess
    /// Error statuses this route may answer with beyond the ones every route has.
    public var errors: [HTTPResponse.Status]
    /// Seed 000's routes name their errors as seed 000 does.
    public var seed000: Bool
    public var handler: @Sendable (APIRequest) async throws -> Response

    public init(
        _ method: HTTPRequest.Method, _ path: String, operationId: String, summary: String, tag: String, scope: APIScope?,
        parameters: [APIParameter] = [], body: JSONSchema? = nil, success: APISuccess, errors: [HTTPResponse.Status] = [],
        seed000: Bool = false, handler: @escaping @Sendable (APIRequest) async throws -> Response
    ) {
        self.method = method
        self.path = path
        self.operationId = operationId
        self.summary = summary
        self.tag = tag
        self.scope = scope
        self.parameters = parameters
        self.body = body
        self.success = success
        self.errors = errors
        self.seed000 = seed000
        self.handler = handler
    }

    /// Hummingbird's form of the path: `{name}` becomes `:name`.
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : segment
        }.joined(separator: "/")
    }

    /// How many of the template's segments are parameters.
    var parameterCount: Int { path.split(separator: "/").count { $0.hasPrefix("{") } }

    /// Whether `path` (a request's) fits this route's template, whatever the method.
    func matches(path requestPath: String) -> Bool {
        let template = path.split(separator: "/")
        let actual = requestPath.split(separator: "/")
        guard template.count == actual.count else { return false }
        return zip(template, actual).allSatisfy { pattern, segment in pattern.hasPrefix("{") || pattern == segment }
    }
}

/// A route's successful answer, as documented.
public struct APISuccess: Sendable {
    public var status: HTTPResponse.Status
    public var description: String
    public var contentType: String
    public var schema: JSONSchema?
    /// Further types the same answer may come as (recording audio: MP3 or WAV, as the provider has it).
    public var otherContentTypes: [String] = []

    public static func json(_ schema: JSONSchema, _ description: String, status: HTTPResponse.Status = .ok) -> APISuccess {
        APISuccess(status: status, description: description, contentType: "application/json", schema: schema)
    }

    public static func text(_ contentType: String, _ description: String) -> APISuccess {
        APISuccess(status: .ok, description: description, contentType: contentType, schema: .string())
    }

    /// Bytes in one of `contentTypes` (the first is the usual one).
    public static func binary(_ contentTypes: [String], _ description: String) -> APISuccess {
        APISuccess(
            status: .ok, description: description, contentType: contentTypes[0], schema: .string(), otherContentTypes: Array(contentTypes.dropFirst())
        )
    }
}

import DialerCore
import DialerHTTP
import Foundation

/// Bland AI: we send the call with a per-call webhook; `metadata.attemptId` correlates it.
public struct BlandCallProvider: CallProvider {
    public let kind: ProviderKind = .bland
    public let configuration: BlandConfiguration
    private let http: any HTTPClient
    private let limiter: any CallRateLimiter

    public init(configuration: BlandConfiguration, http: any HTTPClient, limiter: any CallRateLimiter) {
        self.configuration = configuration
        self.http = http
        self.limiter = limiter
    }

    public func placeCall(_ request: PlaceCallRequest) async throws(ProviderError) -> PlacedCall {
        let body = try BlandSendCallBody(request, configuration: configuration)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = Array((try? encoder.encode(body)) ?? Data())
        try await ProviderRateLimit.acquire(limiter)
        let response = try await send(method: "POST", path: "/v1/calls", body: encoded, idempotent: false)
        guard ProviderHTTP.isSuccess(response.status) else { throw Self.error(from: response, creating: true) }
        guard let answer = try? JSONDecoder().decode(BlandStatusResponse.self, from: Data(response.body)) else {
            throw .outcomeUnknown(message: "Bland answered \(response.status) with an unreadable body: \(ProviderHTTP.snippet(response.body))")
        }
        guard answer.status == "success", let callId = answer.callId else {
            if answer.status == "error" { throw .permanent(code: "bland-error", message: answer.message ?? "Bland rejected the call") }
            throw .outcomeUnknown(message: "Bland answered without a call id: \(ProviderHTTP.snippet(response.body))")
        }
        return PlacedCall(ids: ProviderCallIds(providerCallId: callId), status: .queued)
    }

    /// Bland has one stop operation for queued and live calls alike.
    public func endCall(_ ids: ProviderCallIds, mode: EndCallMode) async throws(ProviderError) {
        guard let callId = ids.providerCallId else { throw .permanent(code: "missing-call-id", message: "no Bland call id to stop") }
        let response = try await send(method: "POST", path: "/v1/calls/\(FormURLEncoding.escape(callId))/stop", body: nil, idempotent: true)
        guard ProviderHTTP.isSuccess(response.status) else { throw Self.error(from: response) }
    }

    public func fetchCall(_ ids: ProviderCallIds) async throws(ProviderError) -> ProviderCallSnapshot? {
        guard let callId = ids.providerCallId else { throw .permanent(code: "missing-call-id", message: "no Bland call id to fetch") }
        return try await fetchDetails(callId)?.snapshot
    }

    public func fetchDetails(_ callId: String) async throws(ProviderError) -> BlandCallDetails? {
        let response = try await send(method: "GET", path: "/v1/calls/\(FormURLEncoding.escape(callId))", body: nil, idempotent: true)
        if response.status == 404 { return nil }
        guard ProviderHTTP.isSuccess(response.status) else { throw Self.error(from: response) }
        return try ProviderHTTP.decode(BlandCallDetails.self, response, what: "Bland call")
    }

    /// Lists calls to the number, newest first, keeps those created in the window, and fetches
    /// each for its metadata (the list omits it), which carries our attempt id.
    public func findCalls(_ search: CallSearch) async throws(ProviderError) -> [ProviderCallSnapshot] {
        let query: [(String, String)] = [("to_number", search.to), ("limit", String(max(1, search.limit))), ("ascending", "false")]
        let response = try await send(method: "GET", path: "/v1/calls?" + FormURLEncoding.encode(query), body: nil, idempotent: true)
        guard ProviderHTTP.isSuccess(response.status) else { throw Self.error(from: response) }
        let list = try ProviderHTTP.decode(BlandCallList.self, response, what: "Bland call list")
        let after = search.startedAfter.timeIntervalSince1970.rounded(.down)
        let before = search.startedBefore.map { $0.timeIntervalSince1970.rounded(.up) }
        var found: [ProviderCallSnapshot] = []
        for summary in list.calls.prefix(search.limit) {
            guard let created = summary.createdAt.flatMap(HTTPDate.parseISO8601)?.timeIntervalSince1970,
                created >= after, before.map({ created <= $0 }) ?? true, let callId = summary.callId
            else { continue }
            if let details = try await fetchDetails(callId) { found.append(details.snapshot) }
        }
        return found
    }

    static func jsonSafe(_ value: JSONValue) -> JSONValue {
        switch value {
        case .date(let date): .string(HTTPDate.iso8601(date))
        case .array(let items): .array(items.map(jsonSafe))
        case .object(let fields): .object(fields.mapValues(jsonSafe))
        default: value
        }
    }

    private func send(method: String, path: String, body: [UInt8]?, idempotent: Bool) async throws(ProviderError) -> HTTPResponse {
        var headers = [HTTPHeader("Accept", "application/json"), HTTPHeader("authorization", configuration.apiKey)]
        if body != nil { headers.append(HTTPHeader("Content-Type", "application/json")) }
        let request = HTTPRequest(
            method: method, url: configuration.baseURL + path, headers: headers, body: body,
            connectTimeout: configuration.connectTimeout, totalTimeout: configuration.requestTimeout)
        return try await ProviderHTTP.send(http, request, idempotent: idempotent)
    }

    static func error(from response: HTTPResponse, creating: Bool = false) -> ProviderError {
        let body = try? JSONDecoder().decode(BlandStatusResponse.self, from: Data(response.body))
        let message = body?.message ?? "HTTP \(response.status): \(ProviderHTTP.snippet(response.body))"
        return ProviderHTTP.statusError(
            status: response.status, providerCode: nil, message: message,
            retryAfterHeader: response.header("Retry-After"), creating: creating,
            accountScope: AccountErrors.bland(status: response.status))
    }
}

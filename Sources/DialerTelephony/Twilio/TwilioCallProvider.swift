import DialerCore
import DialerHTTP
import Foundation

/// Twilio Programmable Voice, API 2010-04-01: we create the call and receive its callbacks.
public struct TwilioCallProvider: CallProvider {
    public let kind: ProviderKind = .twilio
    public let configuration: TwilioConfiguration
    private let http: any HTTPClient
    private let limiter: any CallRateLimiter

    public init(configuration: TwilioConfiguration, http: any HTTPClient, limiter: any CallRateLimiter) {
        self.configuration = configuration
        self.http = http
        self.limiter = limiter
    }

    public func placeCall(_ request: PlaceCallRequest) async throws(ProviderError) -> PlacedCall {
        guard let from = request.from, !from.isEmpty else {
            throw .accountLevel(scope: .campaign, code: "missing-from", message: "a Twilio call needs a From number")
        }
        let fields = try TwilioCreateCallForm.fields(for: request, from: from, configuration: configuration)
        try await ProviderRateLimit.acquire(limiter)
        let response = try await send(method: "POST", url: configuration.callsURL, form: fields, idempotent: false)
        guard ProviderHTTP.isSuccess(response.status) else { throw Self.error(from: response, creating: true) }
        // Twilio has the call now; a body we cannot read must not look like "not dialed".
        guard let call = try? JSONDecoder().decode(TwilioCallResource.self, from: Data(response.body)), let sid = call.sid else {
            throw .outcomeUnknown(message: "Twilio answered \(response.status) with an unreadable call: \(ProviderHTTP.snippet(response.body))")
        }
        return PlacedCall(ids: ProviderCallIds(callSid: sid), status: call.callStatus)
    }

    public func endCall(_ ids: ProviderCallIds, mode: EndCallMode) async throws(ProviderError) {
        guard let sid = ids.callSid else { throw .permanent(code: "missing-call-sid", message: "no Twilio call SID to end") }
        _ = try await updateCall(sid: sid, status: mode == .cancel ? "canceled" : "completed")
    }

    /// Update-call with Status=canceled or completed; returns the call as Twilio reports it after.
    public func updateCall(sid: String, status: String) async throws(ProviderError) -> TwilioCallResource {
        let response = try await send(method: "POST", url: configuration.callURL(sid), form: [("Status", status)], idempotent: true)
        guard ProviderHTTP.isSuccess(response.status) else { throw Self.error(from: response) }
        return try Self.decode(TwilioCallResource.self, response)
    }

    public func fetchCall(_ ids: ProviderCallIds) async throws(ProviderError) -> ProviderCallSnapshot? {
        guard let sid = ids.callSid else { throw .permanent(code: "missing-call-sid", message: "no Twilio call SID to fetch") }
        let response = try await send(method: "GET", url: configuration.callURL(sid), form: nil, idempotent: true)
        if response.status == 404 { return nil }
        guard ProviderHTTP.isSuccess(response.status) else { throw Self.error(from: response) }
        return try Self.decode(TwilioCallResource.self, response).snapshot
    }

    /// Lists calls with To and StartTime filters, following next_page_uri. Twilio documents
    /// the StartTime filters at day granularity, so the window is applied again here.
    public func findCalls(_ search: CallSearch) async throws(ProviderError) -> [ProviderCallSnapshot] {
        var query: [(String, String)] = [("To", search.to), ("StartTime>", HTTPDate.iso8601(search.startedAfter))]
        if let before = search.startedBefore { query.append(("StartTime<", HTTPDate.iso8601(before))) }
        query.append(("PageSize", String(configuration.listPageSize)))
        var url: String? = configuration.callsURL + "?" + FormURLEncoding.encode(query)
        var found: [ProviderCallSnapshot] = []
        var read = 0
        while let pageURL = url, read < search.limit {
            let response = try await send(method: "GET", url: pageURL, form: nil, idempotent: true)
            guard ProviderHTTP.isSuccess(response.status) else { throw Self.error(from: response) }
            let page = try Self.decode(TwilioCallPage.self, response)
            read += page.calls.count
            found += page.calls.map(\.snapshot).filter { Self.inWindow($0, search) }
            url = page.nextPageUri.map { $0.hasPrefix("http") ? $0 : configuration.baseURL + $0 }
            if page.calls.isEmpty { break }
        }
        return found
    }

    static func inWindow(_ call: ProviderCallSnapshot, _ search: CallSearch) -> Bool {
        guard let started = call.startTime ?? call.createdAt else { return true }
        let after = search.startedAfter.timeIntervalSince1970.rounded(.down)
        if started.timeIntervalSince1970 < after { return false }
        if let before = search.startedBefore, started.timeIntervalSince1970 > before.timeIntervalSince1970.rounded(.up) { return false }
        return true
    }

    private func send(method: String, url: String, form: [(String, String)]?, idempotent: Bool) async throws(ProviderError) -> HTTPResponse {
        var headers = [HTTPHeader("Accept", "application/json")]
        var body: [UInt8]?
        if let form {
            headers.append(HTTPHeader("Content-Type", "application/x-www-form-urlencoded"))
            body = Array(FormURLEncoding.encode(form).utf8)
        }
        let request = HTTPRequest(
            method: method, url: url, headers: headers, body: body, basicAuth: configuration.basicAuth,
            connectTimeout: configuration.connectTimeout, totalTimeout: configuration.requestTimeout)
        return try await ProviderHTTP.send(http, request, idempotent: idempotent)
    }

    static func error(from response: HTTPResponse, creating: Bool = false) -> ProviderError {
        let body = try? JSONDecoder().decode(TwilioErrorBody.self, from: Data(response.body))
        let message = body?.message ?? "HTTP \(response.status): \(ProviderHTTP.snippet(response.body))"
        return ProviderHTTP.statusError(
            status: response.status, providerCode: body?.code.map(String.init),
            message: message, retryAfterHeader: response.header("Retry-After"), creating: creating,
            accountScope: AccountErrors.twilio(status: response.status, code: body?.code))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse) throws(ProviderError) -> T {
        try ProviderHTTP.decode(type, response, what: "Twilio response")
    }
}

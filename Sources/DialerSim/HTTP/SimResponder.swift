import DialerCore
import DialerHTTP
import Foundation
import Hummingbird

/// The single entry point: log the request, apply the concurrency limit and scripted
/// faults, then hand it to the provider it is addressed to.
struct SimResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let core: SimCore

    func respond(to request: Request, context: Context) async throws -> Response {
        let arrival = ArrivalStamp.arrival(of: request.headers)
        let buffer = try await request.body.collect(upTo: 8 << 20)
        let simRequest = Self.parse(request, body: Array(buffer.readableBytesView))
        let sequence = await core.log.append(
            method: simRequest.method, path: simRequest.path, query: simRequest.query.map { [$0.0, $0.1] },
            form: Self.isForm(simRequest) ? simRequest.form.map { [$0.0, $0.1] } : nil,
            json: simRequest.json, credential: simRequest.credentialDescription, arrival: arrival)
        let reply = await handle(simRequest)
        await core.log.complete(sequence, status: reply.status)
        return Self.response(reply)
    }

    private func handle(_ request: SimRequest) async -> SimReply {
        let route = SimRoute.of(path: request.path)
        if request.path.hasPrefix("/sim/") { return await SimControlAPI(core: core).handle(request) }
        if SimEventReceiver.handles(request.path) { return core.events.receive(request) }
        if GoogleSimAPI.handles(request.path) { return await GoogleSimAPI(state: core.google).handle(request) }
        guard let route else { return .json(404, .object(["message": .string("no simulated API at \(request.path)")])) }

        let admitted = core.inFlight.withLock { count -> Bool in
            if let limit = core.configuration.maxConcurrentRequests, count >= limit { return false }
            count += 1
            return true
        }
        guard admitted else {
            return Self.error(
                route: route, status: 429, code: 20429, message: "Too Many Requests",
                retryAfter: core.configuration.retryAfterSeconds)
        }
        defer { core.inFlight.withLock { $0 -= 1 } }

        var delayAfter: Duration?
        switch core.faults.take(route: route, method: request.method, path: request.path) {
        case .respond(let status, let code, let message, let retryAfter)?:
            return Self.error(route: route, status: status, code: code, message: message, retryAfter: retryAfter)
        case .delayRequest(let delay)?:
            try? await Task.sleep(for: delay)
        case .delayResponse(let delay)?:
            delayAfter = delay
        case nil:
            break
        }
        let latency = core.configuration.latency
        if latency.apiLatency.upperBound > 0 {
            try? await Task.sleep(for: latency.scaled(Double.random(in: latency.apiLatency)))
        }
        let reply: SimReply =
            switch route {
            case .twilio: await TwilioSimAPI(core: core).handle(request)
            case .elevenLabs: await ElevenLabsSimAPI(core: core).handle(request)
            case .bland: await BlandSimAPI(core: core).handle(request)
            }
        if let delayAfter { try? await Task.sleep(for: delayAfter) }
        return reply
    }

    /// Each provider's error shape for faults and the 429 limit.
    static func error(route: SimRoute, status: Int, code: Int?, message: String, retryAfter: Int?) -> SimReply {
        let headers = retryAfter.map { [("Retry-After", String($0))] } ?? []
        switch route {
        case .twilio:
            return .json(status, TwilioSimJSON.error(status: status, code: code ?? status, message: message), headers: headers)
        case .elevenLabs:
            return .json(
                status,
                .object([
                    "detail": .object([
                        "status": .string(code.map(String.init) ?? "error"),
                        "message": .string(message)
                    ])
                ]), headers: headers)
        case .bland:
            return .json(status, BlandSimPayloads.error(message), headers: headers)
        }
    }

    static func isForm(_ request: SimRequest) -> Bool {
        request.header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true
    }

    static func parse(_ request: Request, body: [UInt8]) -> SimRequest {
        var headers: [(String, String)] = []
        for field in request.headers { headers.append((field.name.canonicalName, field.value)) }
        let contentType = headers.last { $0.0 == "content-type" }?.1.lowercased() ?? ""
        let text = String(decoding: body, as: UTF8.self)
        let form = contentType.hasPrefix("application/x-www-form-urlencoded") ? FormURLEncoding.decode(text) : []
        let json = contentType.hasPrefix("application/json") && !body.isEmpty ? SimJSON.decode(body) : nil
        let path = request.uri.path
        return SimRequest(
            method: request.method.rawValue, path: path,
            components: path.split(separator: "/").map { FormURLEncoding.unescape($0) },
            query: FormURLEncoding.decode(request.uri.query ?? ""), headers: headers, body: body, form: form, json: json)
    }

    static func response(_ reply: SimReply) -> Response {
        var fields = HTTPFields()
        for (name, value) in reply.headers {
            if let fieldName = HTTPFields.Element.Name(name) { fields.append(HTTPFields.Element(name: fieldName, value: value)) }
        }
        return Response(
            status: .init(code: reply.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
    }
}

import DialerCore
import DialerTelephony
import Foundation

/// Bland's v1 calls: send, details, stop and list.
struct BlandSimAPI {
    let core: SimCore
    private var configuration: SimConfiguration { core.configuration }

    func handle(_ request: SimRequest) async -> SimReply {
        guard let key = request.header("authorization"),
            key == configuration.blandAPIKey || key == "Bearer \(configuration.blandAPIKey)"
        else {
            return .json(401, BlandSimPayloads.error("Invalid API key. Please check your authorization header."))
        }
        switch (request.method, request.components) {
        case ("POST", ["v1", "calls"]): return await send(request)
        case ("GET", ["v1", "calls"]): return await list(request)
        case ("GET", let c) where c.count == 3 && c[0] == "v1" && c[1] == "calls":
            guard let (call, now) = await core.book.call(blandId: c[2]) else { return notFound() }
            return .json(200, BlandSimPayloads.details(call, at: now, context: await core.book.context))
        case ("POST", let c) where c.count == 4 && c[0] == "v1" && c[1] == "calls" && c[3] == "stop":
            guard let (call, _) = await core.book.call(blandId: c[2]),
                await core.book.end(sid: call.sid, requested: .completed) != nil
            else { return notFound() }
            return .json(200, .object(["status": .string("success"), "message": .string("Call ended successfully.")]))
        case ("GET", let c) where c.count == 3 && c[0] == "v1" && c[1] == "recordings" && c[2].hasSuffix(".mp3"):
            let callId = String(c[2].dropLast(4))
            guard let (call, now) = await core.book.call(blandId: callId), let seconds = call.recordedSeconds(at: now) else {
                return .json(404, BlandSimPayloads.error("Recording not found"))
            }
            return SimAudioFormat.mp3.reply(id: callId, seconds: seconds)
        default:
            return .json(404, BlandSimPayloads.error("Not found"))
        }
    }

    private func send(_ request: SimRequest) async -> SimReply {
        guard let body = request.jsonObject else { return .json(400, BlandSimPayloads.error("Request body must be a JSON object")) }
        guard case .string(let phone)? = body["phone_number"] else {
            return .json(400, BlandSimPayloads.error("Missing required parameter: phone_number", errors: ["phone_number is required"]))
        }
        if PhoneNumber(e164: phone) == nil || configuration.invalidNumbers.contains(phone) {
            return .json(400, BlandSimPayloads.error("Invalid phone number", errors: ["phone_number must be a valid E.164 number"]))
        }
        let task = body["task"]?.stringValue
        let pathway = body["pathway_id"]?.stringValue
        guard task != nil || pathway != nil else {
            return .json(400, BlandSimPayloads.error("Missing required parameter: task or pathway_id"))
        }
        let webhook = body["webhook"]?.stringValue
        if let webhook, !TwilioSimAPI.isAbsoluteURL(webhook) {
            return .json(400, BlandSimPayloads.error("Invalid webhook URL"))
        }
        if let metadata = body["metadata"], !(metadata.isObject || metadata == .null) {
            return .json(400, BlandSimPayloads.error("metadata must be an object"))
        }
        if let problem = BlandSimFields.problem(in: body) { return .json(400, BlandSimPayloads.error(problem, errors: [problem])) }
        var options = TwilioCallOptions()
        options.ringTimeoutSeconds = configuration.latency.defaultRingTimeout
        if case .int(let minutes)? = body["max_duration"] { options.timeLimitSeconds = Double(minutes) * 60 }
        if case .double(let minutes)? = body["max_duration"] { options.timeLimitSeconds = minutes * 60 }
        let answeredBy: Bool = if case .bool(let flag)? = body["answered_by_enabled"] { flag } else { false }
        let record: Bool = if case .bool(let flag)? = body["record"] { flag } else { false }
        let link = BlandLink(
            callId: "", webhook: webhook, metadata: body["metadata"] ?? .object([:]),
            requestData: body["request_data"] ?? .object([:]), task: task, pathwayId: pathway,
            firstSentence: body["first_sentence"]?.stringValue, answeredByEnabled: answeredBy, record: record,
            maxDurationMinutes: options.timeLimitSeconds.map { $0 / 60 })
        let from = body["from"]?.stringValue ?? "+15005550100"
        let (call, _) = await core.book.create(route: .bland, to: phone, from: from, options: options, bland: link)
        return .json(
            200,
            .object([
                "status": .string("success"), "message": .string("Call successfully queued."),
                "call_id": .string(call.bland?.callId ?? ""), "batch_id": .null
            ]))
    }

    private func list(_ request: SimRequest) async -> SimReply {
        let (calls, now) = await core.book.all(route: .bland)
        let context = await core.book.context
        var filtered = calls
        if let to = request.queryValue("to_number") { filtered = filtered.filter { $0.to == to } }
        if let from = request.queryValue("from_number") { filtered = filtered.filter { $0.from == from } }
        if request.queryValue("ascending") == "true" { filtered.reverse() }
        let limit = max(0, Int(request.queryValue("limit") ?? "") ?? 1000)
        let page = Array(filtered.prefix(limit))
        return .json(
            200,
            .object([
                "total_count": .int(Int64(filtered.count)), "count": .int(Int64(page.count)),
                "calls": .array(page.map { BlandSimPayloads.summary($0, at: now, context: context) })
            ]))
    }

    private func notFound() -> SimReply { .json(404, BlandSimPayloads.error("Call not found")) }
}

extension JSONValue {
    var isObject: Bool { if case .object = self { true } else { false } }
}

import DialerCore
import DialerHTTP
import Foundation

/// Twilio's Calls resource, API 2010-04-01: create, fetch, update and list, with Twilio's
/// auth, validation and error shapes.
struct TwilioSimAPI {
    let core: SimCore
    private var configuration: SimConfiguration { core.configuration }

    static let events: Set<String> = ["initiated", "ringing", "answered", "completed"]
    static let methods: Set<String> = ["GET", "POST"]

    func handle(_ request: SimRequest) async -> SimReply {
        guard authenticated(request) else { return TwilioSimAccountError.authenticate.reply(from: "", to: "") }
        let accountError = core.twilioAccountError.withLock { $0 }
        if let accountError, accountError.refusesEveryRequest { return accountError.reply(from: "", to: "") }
        let c = request.components
        guard c.count >= 4, c[0] == "2010-04-01", c[1] == "Accounts", c[2] == configuration.twilioAccountSid else {
            return notFound(request.path)
        }
        switch (request.method, Array(c.dropFirst(3))) {
        case ("POST", ["Calls.json"]):
            if let accountError { return accountError.reply(from: request.formValue("From") ?? "", to: request.formValue("To") ?? "") }
            return await create(request)
        case ("GET", ["Calls.json"]): return await list(request)
        case ("GET", let rest) where rest.count == 2 && rest[0] == "Calls" && rest[1].hasSuffix(".json"):
            return await fetch(String(rest[1].dropLast(5)), path: request.path)
        case ("POST", let rest) where rest.count == 2 && rest[0] == "Calls" && rest[1].hasSuffix(".json"):
            return await update(String(rest[1].dropLast(5)), request)
        case ("GET", let rest) where rest.count == 2 && rest[0] == "Recordings":
            return await recordingMedia(rest[1], path: request.path)
        default:
            return notFound(request.path)
        }
    }

    private func authenticated(_ request: SimRequest) -> Bool {
        guard let basic = request.basicAuth else { return false }
        if basic.user == configuration.twilioAccountSid && basic.password == configuration.twilioAuthToken { return true }
        if let sid = configuration.twilioAPIKeySid, let secret = configuration.twilioAPIKeySecret {
            return basic.user == sid && basic.password == secret
        }
        return false
    }

    private func create(_ request: SimRequest) async -> SimReply {
        let parsed: TwilioCallOptions
        switch validateCreate(request) {
        case .failure(let error): return error.reply
        case .success(let options): parsed = options
        }
        let (call, now) = await core.book.create(
            route: .twilio, to: request.formValue("To") ?? "",
            from: request.formValue("From") ?? "", options: parsed)
        return .json(201, TwilioSimJSON.call(call, at: now, context: await core.book.context, asCreated: true))
    }

    /// Twilio's checks, in Twilio's order: required fields, number validity, then values.
    /// Error codes for malformed optional values are approximations (20001).
    func validateCreate(_ r: SimRequest) -> Result<TwilioCallOptions, ReplyError> {
        func bad(_ code: Int, _ message: String) -> Result<TwilioCallOptions, ReplyError> {
            .failure(ReplyError(.json(400, TwilioSimJSON.error(status: 400, code: code, message: message))))
        }
        guard let to = r.formValue("To"), !to.isEmpty else { return bad(21201, "No 'To' number is specified") }
        guard let from = r.formValue("From"), !from.isEmpty else { return bad(21213, "No 'From' number is specified") }
        guard r.formValue("Url") != nil || r.formValue("Twiml") != nil || r.formValue("ApplicationSid") != nil else {
            return bad(21205, "Url parameter is required. Please provide a Url, Twiml or ApplicationSid.")
        }
        if PhoneNumber(e164: to) == nil || configuration.invalidNumbers.contains(to) {
            return bad(21211, "Invalid 'To' Phone Number: \(to)")
        }
        if PhoneNumber(e164: from) == nil { return bad(21212, "Invalid 'From' Phone Number: \(from)") }
        if let url = r.formValue("Url"), !Self.isAbsoluteURL(url) { return bad(21205, "Url is not a valid URL: \(url)") }
        if let twiml = r.formValue("Twiml") {
            guard twiml.count <= 4000 else { return bad(20001, "Twiml must be at most 4000 characters, got \(twiml.count)") }
            guard twiml.contains("<Response") else { return bad(20001, "Twiml is not a TwiML document: \(twiml.prefix(80))") }
        }
        for name in ["Method", "FallbackMethod", "StatusCallbackMethod", "RecordingStatusCallbackMethod", "AsyncAmdStatusCallbackMethod"] {
            if let value = r.formValue(name), !Self.methods.contains(value) { return bad(20001, "\(name) must be GET or POST") }
        }
        for name in ["StatusCallback", "AsyncAmdStatusCallback", "RecordingStatusCallback"] {
            if let value = r.formValue(name), !Self.isAbsoluteURL(value) { return bad(20001, "\(name) is not a valid URL") }
        }
        var options = TwilioCallOptions()
        options.statusCallback = r.formValue("StatusCallback")
        options.statusCallbackMethod = r.formValue("StatusCallbackMethod") ?? "POST"
        let events = r.formValues("StatusCallbackEvent").flatMap { $0.split(separator: " ").map(String.init) }
        if let wrong = events.first(where: { !Self.events.contains($0) }) {
            return bad(20001, "StatusCallbackEvent must be one of initiated, ringing, answered, completed; got \(wrong)")
        }
        options.events = events.isEmpty ? ["completed"] : Set(events)
        if let detection = r.formValue("MachineDetection") {
            guard ["Enable", "DetectMessageEnd"].contains(detection) else {
                return bad(20001, "MachineDetection must be Enable or DetectMessageEnd")
            }
            options.machineDetection = detection
        }
        if let timeout = r.formValue("MachineDetectionTimeout") {
            // Twilio documents 3 to 59 seconds.
            guard let seconds = Int(timeout), (3...59).contains(seconds) else {
                return bad(20001, "MachineDetectionTimeout must be an integer from 3 to 59, got \(timeout)")
            }
        }
        for name in ["AsyncAmd", "Record"] {
            if let value = r.formValue(name), value != "true", value != "false" { return bad(20001, "\(name) must be true or false") }
        }
        options.asyncAmd = r.formValue("AsyncAmd") == "true"
        options.amdCallback = r.formValue("AsyncAmdStatusCallback")
        options.amdCallbackMethod = r.formValue("AsyncAmdStatusCallbackMethod") ?? "POST"
        options.record = r.formValue("Record") == "true"
        options.recordingCallback = r.formValue("RecordingStatusCallback")
        options.recordingCallbackMethod = r.formValue("RecordingStatusCallbackMethod") ?? "POST"
        if let timeout = r.formValue("Timeout") {
            guard let seconds = Int(timeout), seconds > 0 else { return bad(20001, "Timeout must be a positive integer") }
            options.ringTimeoutSeconds = Double(min(seconds, 600))
        } else {
            options.ringTimeoutSeconds = configuration.latency.defaultRingTimeout
        }
        if let limit = r.formValue("TimeLimit") {
            guard let seconds = Int(limit), seconds > 0 else { return bad(20001, "TimeLimit must be a positive integer") }
            options.timeLimitSeconds = Double(seconds)
        }
        return .success(options)
    }

    private func fetch(_ sid: String, path: String) async -> SimReply {
        guard let (call, now) = await core.book.call(sid: sid), call.route != .bland else { return notFound(path) }
        return .json(200, TwilioSimJSON.call(call, at: now, context: await core.book.context))
    }

    private func update(_ sid: String, _ request: SimRequest) async -> SimReply {
        guard let (call, now) = await core.book.call(sid: sid), call.route != .bland else { return notFound(request.path) }
        if let status = request.formValue("Status") {
            guard status == "canceled" || status == "completed" else {
                return .json(400, TwilioSimJSON.error(status: 400, code: 20001, message: "Status must be canceled or completed"))
            }
            let requested: CallStatus = status == "canceled" ? .canceled : .completed
            guard let (updated, at) = await core.book.end(sid: sid, requested: requested) else { return notFound(request.path) }
            return .json(200, TwilioSimJSON.call(updated, at: at, context: await core.book.context))
        }
        if request.formValue("Url") != nil || request.formValue("Twiml") != nil, call.status(at: now).isTerminal {
            return .json(400, TwilioSimJSON.error(status: 400, code: 21220, message: "Call is not in-progress. Cannot redirect."))
        }
        return .json(200, TwilioSimJSON.call(call, at: now, context: await core.book.context))
    }

    /// Filters To, From, Status and the StartTime family; newest first; Page/PageSize paging.
    private func list(_ request: SimRequest) async -> SimReply {
        let pageSize = min(1000, max(1, Int(request.queryValue("PageSize") ?? "") ?? 50))
        let page = max(0, Int(request.queryValue("Page") ?? "") ?? 0)
        let (calls, now) = await core.book.all()
        let context = await core.book.context
        func started(_ call: SimCall) -> Date { context.date(now >= call.dispatchAt ? call.dispatchAt : call.createdAt) }
        var filtered = calls.filter { $0.route != .bland }
        if let to = request.queryValue("To") { filtered = filtered.filter { $0.to == to } }
        if let from = request.queryValue("From") { filtered = filtered.filter { $0.from == from } }
        if let status = request.queryValue("Status") { filtered = filtered.filter { $0.status(at: now).rawValue == status } }
        if let after = request.queryValue("StartTime>").flatMap(HTTPDate.parseISO8601) {
            filtered = filtered.filter { started($0) >= after.addingTimeInterval(-0.999) }
        }
        if let before = request.queryValue("StartTime<").flatMap(HTTPDate.parseISO8601) {
            filtered = filtered.filter { started($0) <= before.addingTimeInterval(0.999) }
        }
        if let on = request.queryValue("StartTime").flatMap(HTTPDate.parseISO8601) {
            filtered = filtered.filter { started($0) >= on && started($0) < on.addingTimeInterval(86_400) }
        }
        let start = page * pageSize
        let slice = start < filtered.count ? Array(filtered[start..<min(filtered.count, start + pageSize)]) : []
        var keep = request.query.filter { !["Page", "PageSize", "PageToken"].contains($0.0) }
        keep.append(("PageSize", String(pageSize)))
        let base = "/2010-04-01/Accounts/\(configuration.twilioAccountSid)/Calls.json"
        func uri(_ page: Int) -> String {
            var query = keep + [("Page", String(page))]
            if page > 0 { query.append(("PageToken", "PA" + String(page))) }
            return base + "?" + FormURLEncoding.encode(query)
        }
        let hasNext = start + pageSize < filtered.count
        let body: JSONValue = .object([
            "calls": .array(slice.map { TwilioSimJSON.call($0, at: now, context: context) }),
            "end": .int(Int64(max(start, start + slice.count - 1))),
            "first_page_uri": .string(uri(0)),
            "next_page_uri": hasNext ? .string(uri(page + 1)) : .null,
            "page": .int(Int64(page)),
            "page_size": .int(Int64(pageSize)),
            "previous_page_uri": page > 0 ? .string(uri(page - 1)) : .null,
            "start": .int(Int64(start)),
            "uri": .string(uri(page))
        ])
        return .json(200, body)
    }

    /// A recording's media file: its URI with `.mp3` or `.wav`, or with no extension, which Twilio
    /// serves as WAV. Its `.json` metadata resource is not simulated.
    private func recordingMedia(_ name: String, path: String) async -> SimReply {
        let (sid, format) =
            if name.hasSuffix(".mp3") { (String(name.dropLast(4)), SimAudioFormat.mp3) } else if name.hasSuffix(".wav") {
                (String(name.dropLast(4)), SimAudioFormat.wav)
            } else { (name, SimAudioFormat.wav) }
        guard let (call, now) = await core.book.call(recordingSid: sid), let seconds = call.recordedSeconds(at: now) else {
            return notFound(path)
        }
        return format.reply(id: sid, seconds: seconds)
    }

    private func notFound(_ path: String) -> SimReply {
        .json(404, TwilioSimJSON.error(status: 404, code: 20404, message: "The requested resource \(path) was not found"))
    }

    static func isAbsoluteURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host != nil else { return false }
        return scheme == "http" || scheme == "https"
    }
}

struct ReplyError: Error {
    let reply: SimReply
    init(_ reply: SimReply) { self.reply = reply }
}

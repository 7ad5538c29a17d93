import DialerCore
import DialerHTTP
import DialerTelephony
import Foundation

/// Bland's call details (GET /v1/calls/{id}), which is also its webhook body.
enum BlandSimPayloads {
    static func details(_ call: SimCall, at now: Duration, context: SimContext) -> JSONValue {
        guard let link = call.bland else { return .null }
        let status = call.status(at: now)
        let ending = call.ending(by: now)
        let answered = call.answeredAt(by: now)
        let statusText: String =
            switch status {
            case .queued: "queued"
            case .initiated, .ringing: "started"
            case .inProgress: "in-progress"
            default: status.rawValue
            }
        let queueStatus: String =
            switch status {
            case .queued: "queued"
            case .initiated, .ringing, .inProgress: "started"
            default: "complete"
            }
        var answeredBy: JSONValue = .null
        if link.answeredByEnabled, answered != nil {
            answeredBy = .string(call.outcome == .machine ? "voicemail" : "human")
        } else if status == .noAnswer {
            answeredBy = .string("no-answer")
        }
        let seconds = ending?.durationSeconds ?? 0
        let transcript = status == .completed ? transcriptTurns(call, at: ending?.at ?? now, context: context) : []
        let concatenated = transcript.compactMap { turn -> String? in
            guard case .object(let f) = turn, let user = f["user"]?.stringValue, let text = f["text"]?.stringValue else { return nil }
            return "\(user): \(text)"
        }.joined(separator: " \n ")
        var variables: [String: JSONValue] = [:]
        if case .object(let fields) = link.requestData { variables = fields }
        variables["to"] = .string(call.to)
        variables["from"] = .string(call.from)
        variables["call_id"] = .string(link.callId)
        var request: [String: JSONValue] = ["phone_number": .string(call.to), "wait": .bool(false), "language": .string("en")]
        request["task"] = link.task.map(JSONValue.string) ?? .null
        request["pathway_id"] = link.pathwayId.map(JSONValue.string) ?? .null
        return .object([
            "call_id": .string(link.callId),
            "c_id": .string(link.callId),
            "to": .string(call.to),
            "from": .string(call.from),
            "completed": .bool(status.isTerminal),
            "status": .string(statusText),
            "queue_status": .string(queueStatus),
            "inbound": .bool(false),
            "created_at": .string(isoMicros(context.date(call.createdAt))),
            "started_at": answered.map { .string(isoMicros(context.date($0))) } ?? .null,
            "end_at": ending.map { .string(isoMicros(context.date($0.at))) } ?? .null,
            "call_length": .double(Double(seconds) / 60),
            "corrected_duration": .string(String(seconds)),
            "max_duration": link.maxDurationMinutes.map(JSONValue.double) ?? .int(30),
            "answered_by": answeredBy,
            "error_message": status == .failed ? .string("Call failed to connect") : .null,
            "price": .double(status == .completed ? (Double(seconds) / 60 * 0.09 * 1000).rounded() / 1000 : 0),
            "record": .bool(link.record),
            "recording_url": link.record && status == .completed ? .string(recordingURL(link, context)) : .null,
            "metadata": link.metadata,
            "request_data": .object(request),
            "variables": .object(variables),
            "batch_id": .null,
            "endpoint_url": .string("api.bland.ai"),
            "local_dialing": .bool(false),
            "call_ended_by": status == .completed ? .string(call.outcome == .machine ? "ASSISTANT" : "USER") : .null,
            "summary": status == .completed ? .string(call.outcome == .human ? "The assistant reached the contact." : "Voicemail reached.") : .null,
            "concatenated_transcript": .string(concatenated),
            "transcripts": .array(transcript),
            "analysis": .null,
            "pathway_logs": .null
        ])
    }

    static func summary(_ call: SimCall, at now: Duration, context: SimContext) -> JSONValue {
        guard case .object(let full) = details(call, at: now, context: context) else { return .null }
        let keys = [
            "call_id", "created_at", "call_length", "to", "from", "completed", "queue_status", "error_message",
            "answered_by", "batch_id", "status"
        ]
        return .object(full.filter { keys.contains($0.key) })
    }

    static func webhook(_ call: SimCall, at now: Duration, context: SimContext) -> SimCallback? {
        guard let link = call.bland, let url = link.webhook else { return nil }
        let bytes = SimJSON.encode(details(call, at: now, context: context))
        var headers = [HTTPHeader("Content-Type", "application/json"), HTTPHeader("User-Agent", "Bland/1.0")]
        if let secret = context.configuration.blandWebhookSecret {
            headers.append(HTTPHeader(BlandSignature.headerName, BlandSignature.compute(secret: secret, body: bytes)))
        }
        return SimCallback(kind: "bland.webhook", callSid: call.sid, method: "POST", url: url, headers: headers, body: bytes)
    }

    /// Where the webhook says the recording is: on Bland's API, which the simulator serves.
    static func recordingURL(_ link: BlandLink, _ context: SimContext) -> String {
        "\(context.baseURL)/v1/recordings/\(link.callId).mp3"
    }

    static func error(_ message: String, errors: [String] = []) -> JSONValue {
        .object(["status": .string("error"), "message": .string(message), "errors": .array(errors.map(JSONValue.string))])
    }

    /// "2024-04-27T23:51:18.025+00:00", Bland's timestamp style.
    static func isoMicros(_ date: Date) -> String {
        String(SimTime.iso8601Milliseconds(date).dropLast()) + "+00:00"
    }

    private static func transcriptTurns(_ call: SimCall, at end: Duration, context: SimContext) -> [JSONValue] {
        let opening = call.bland?.firstSentence ?? "Hello, this is an automated call."
        let lines: [(String, String)] =
            call.outcome == .machine
            ? [("assistant", opening), ("user", "Please leave a message after the tone.")]
            : [("assistant", opening), ("user", "Hi, yes, go ahead."), ("assistant", "Thank you for your time."), ("user", "Bye.")]
        return lines.enumerated().map { index, line in
            .object([
                "id": .int(Int64(index + 1)), "created_at": .string(isoMicros(context.date(end))),
                "text": .string(line.1), "user": .string(line.0), "c_id": .string(call.bland?.callId ?? "")
            ])
        }
    }
}

import DialerCore
import DialerTelephony
import Foundation

/// ElevenLabs' Twilio outbound call and conversation endpoints. The call it creates is a
/// Twilio call in the simulator's Twilio account, as with the real integration.
struct ElevenLabsSimAPI {
    let core: SimCore
    private var configuration: SimConfiguration { core.configuration }

    func handle(_ request: SimRequest) async -> SimReply {
        guard let key = request.header("xi-api-key") else {
            return Self.detail(401, status: "needs_authorization", message: "Missing xi-api-key header")
        }
        guard key == configuration.elevenLabsAPIKey else {
            return Self.detail(401, status: "invalid_api_key", message: "Invalid API key")
        }
        let c = request.components
        switch (request.method, c) {
        case ("POST", ["v1", "convai", "twilio", "outbound-call"]): return await outboundCall(request)
        case ("GET", ["v1", "convai", "conversations"]): return await listConversations(request)
        case ("GET", let path) where path.count == 4 && path[0...2] == ["v1", "convai", "conversations"]:
            guard let (call, now) = await core.book.call(conversationId: path[3]) else {
                return Self.detail(404, status: "conversation_not_found", message: "Conversation \(path[3]) not found")
            }
            return .json(200, ElevenLabsSimPayloads.conversation(call, at: now, context: await core.book.context))
        case ("GET", let path) where path.count == 5 && path[0...2] == ["v1", "convai", "conversations"] && path[4] == "audio":
            guard let (call, now) = await core.book.call(conversationId: path[3]) else {
                return Self.detail(404, status: "conversation_not_found", message: "Conversation \(path[3]) not found")
            }
            guard let seconds = call.recordedSeconds(at: now) else {
                return Self.detail(404, status: "conversation_audio_not_found", message: "Audio for conversation \(path[3]) not found")
            }
            return SimAudioFormat.mp3.reply(id: path[3], seconds: seconds)
        default:
            return .json(404, .object(["detail": .string("Not Found")]))
        }
    }

    private func outboundCall(_ request: SimRequest) async -> SimReply {
        guard let body = request.jsonObject else {
            return Self.validation([(["body"], "Input should be a valid dictionary or object to extract fields from", "model_attributes_type")])
        }
        var problems: [([String], String, String)] = []
        for field in ["agent_id", "agent_phone_number_id", "to_number"] {
            switch body[field] {
            case .string?: break
            case nil, .null?: problems.append((["body", field], "Field required", "missing"))
            default: problems.append((["body", field], "Input should be a valid string", "string_type"))
            }
        }
        var variables: [String: JSONValue] = [:]
        var firstMessage: String?
        var prompt: String?
        if case .object(let clientData)? = body["conversation_initiation_client_data"] {
            if case .object(let dynamic)? = clientData["dynamic_variables"] {
                for (name, value) in dynamic {
                    switch value {
                    case .string, .int, .double, .bool, .null: variables[name] = value
                    default:
                        problems.append(
                            (
                                ["body", "conversation_initiation_client_data", "dynamic_variables", name],
                                "Input should be a valid string, number or boolean", "string_type"
                            ))
                    }
                }
            }
            if case .object(let override)? = clientData["conversation_config_override"], case .object(let agent)? = override["agent"] {
                let at = ["body", "conversation_initiation_client_data", "conversation_config_override", "agent"]
                problems += Self.optionalString(agent["first_message"], at: at + ["first_message"])
                firstMessage = agent["first_message"]?.stringValue
                switch agent["prompt"] {
                case .object(let promptObject)?:
                    problems += Self.optionalString(promptObject["prompt"], at: at + ["prompt", "prompt"])
                    prompt = promptObject["prompt"]?.stringValue
                case nil, .null?: break
                default:
                    problems.append((at + ["prompt"], "Input should be a valid dictionary or object to extract fields from", "model_attributes_type"))
                }
            }
        }
        guard problems.isEmpty else { return Self.validation(problems) }
        let to = body["to_number"]?.stringValue ?? ""
        if PhoneNumber(e164: to) == nil || configuration.invalidNumbers.contains(to) {
            return .json(
                200,
                .object([
                    "success": .bool(false), "message": .string("Failed to create outbound call: Invalid 'To' Phone Number: \(to)"),
                    "conversation_id": .null, "callSid": .null
                ]))
        }
        var options = TwilioCallOptions()
        options.statusCallback = nil
        options.ringTimeoutSeconds = configuration.latency.defaultRingTimeout
        let link = ElevenLabsLink(
            conversationId: "", agentId: body["agent_id"]?.stringValue ?? "",
            phoneNumberId: body["agent_phone_number_id"]?.stringValue ?? "",
            dynamicVariables: variables, firstMessage: firstMessage, prompt: prompt)
        let (call, _) = await core.book.create(
            route: .elevenLabs, to: to, from: configuration.elevenLabsAgentNumber,
            options: options, elevenLabs: link)
        return .json(
            200,
            .object([
                "success": .bool(true), "message": .string("Success"),
                "conversation_id": .string(call.elevenLabs?.conversationId ?? ""), "callSid": .string(call.sid)
            ]))
    }

    /// Newest first; `cursor` is an opaque offset.
    private func listConversations(_ request: SimRequest) async -> SimReply {
        let pageSize = Int(request.queryValue("page_size") ?? "30") ?? -1
        guard (1...100).contains(pageSize) else {
            return Self.validation([(["query", "page_size"], "Input should be between 1 and 100", "less_than_equal")])
        }
        let (calls, now) = await core.book.all(route: .elevenLabs)
        let context = await core.book.context
        let after = request.queryValue("call_start_after_unix").flatMap { Int($0) }
        let before = request.queryValue("call_start_before_unix").flatMap { Int($0) }
        let agent = request.queryValue("agent_id")
        let matching = calls.filter { call in
            let start = context.unixSeconds(call.createdAt)
            return (agent == nil || call.elevenLabs?.agentId == agent) && (after.map { start > $0 } ?? true)
                && (before.map { start < $0 } ?? true)
        }
        let offset = request.queryValue("cursor").flatMap { Int($0.dropFirst()) } ?? 0
        let page = offset < matching.count ? Array(matching[offset..<min(matching.count, offset + pageSize)]) : []
        let hasMore = offset + pageSize < matching.count
        let summaries: [JSONValue] = page.map { call in
            guard case .object(let full) = ElevenLabsSimPayloads.conversation(call, at: now, context: context),
                case .object(let metadata)? = full["metadata"]
            else { return .null }
            var messages = 0
            if case .array(let turns)? = full["transcript"] { messages = turns.count }
            var successful: JSONValue = .string("unknown")
            if case .object(let analysis)? = full["analysis"] { successful = analysis["call_successful"] ?? successful }
            return .object([
                "agent_id": full["agent_id"] ?? .null, "agent_name": .null, "conversation_id": full["conversation_id"] ?? .null,
                "start_time_unix_secs": metadata["start_time_unix_secs"] ?? .null,
                "call_duration_secs": metadata["call_duration_secs"] ?? .int(0), "message_count": .int(Int64(messages)),
                "status": full["status"] ?? .null, "call_successful": successful, "transcript_summary": .null,
                "call_summary_title": .null, "direction": .string("outbound")
            ])
        }
        return .json(
            200,
            .object([
                "conversations": .array(summaries),
                "next_cursor": hasMore ? .string("o\(offset + pageSize)") : .null,
                "has_more": .bool(hasMore)
            ]))
    }

    /// AgentConfigOverride's text fields are `string | null` in the OpenAPI description.
    static func optionalString(_ value: JSONValue?, at location: [String]) -> [([String], String, String)] {
        switch value {
        case nil, .null?, .string?: []
        default: [(location, "Input should be a valid string", "string_type")]
        }
    }

    static func detail(_ status: Int, status code: String, message: String) -> SimReply {
        .json(status, .object(["detail": .object(["status": .string(code), "message": .string(message)])]))
    }

    /// FastAPI's 422 body.
    static func validation(_ problems: [([String], String, String)]) -> SimReply {
        .json(
            422,
            .object([
                "detail": .array(
                    problems.map { problem in
                        .object(["loc": .array(problem.0.map(JSONValue.string)), "msg": .string(problem.1), "type": .string(problem.2)])
                    })
            ]))
    }
}

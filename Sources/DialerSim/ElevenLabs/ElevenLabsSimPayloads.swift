import DialerCore
import DialerHTTP
import DialerTelephony
import Foundation

/// ElevenLabs' conversation (GetConversationResponseModel) and its two webhooks
/// (post_call_transcription, call_initiation_failure), signed with ElevenLabs-Signature.
enum ElevenLabsSimPayloads {
    static func conversation(_ call: SimCall, at now: Duration, context: SimContext) -> JSONValue {
        guard let link = call.elevenLabs else { return .null }
        let status = call.conversationStatus(at: now)
        let answered = call.answeredAt(by: now)
        let ending = call.ending(by: now)
        let durationSeconds: Int
        if let ending {
            durationSeconds = ending.durationSeconds
        } else if let answered {
            durationSeconds = Int(SimTime.seconds(now - answered) / max(context.configuration.latency.timeScale, 1e-9))
        } else {
            durationSeconds = 0
        }
        let done = status == "done"
        let transcript = done ? transcriptTurns(call, link: link, durationSeconds: durationSeconds) : []
        var override: [String: JSONValue] = ["language": .string("en")]
        override["first_message"] = link.firstMessage.map(JSONValue.string) ?? .null
        override["prompt"] = .object(["prompt": link.prompt.map(JSONValue.string) ?? .null])
        var metadata: [String: JSONValue] = [
            "start_time_unix_secs": .int(Int64(context.unixSeconds(call.createdAt))),
            "accepted_time_unix_secs": answered.map { .int(Int64(context.unixSeconds($0))) } ?? .null,
            "call_duration_secs": .int(Int64(durationSeconds)),
            "cost": .int(Int64(durationSeconds * 10)),
            "termination_reason": .string(terminationReason(call, ending?.status)),
            "error": .null,
            "main_language": .string("en"),
            "text_only": .bool(false),
            "phone_call": .object([
                "direction": .string("outbound"),
                "phone_number_id": .string(link.phoneNumberId),
                "agent_number": .string(call.from),
                "external_number": .string(call.to),
                "type": .string("twilio"),
                "stream_sid": .string(call.streamSid),
                "call_sid": .string(call.sid)
            ])
        ]
        if status == "failed", let ending {
            metadata["error"] = .object([
                "code": .int(Int64(TwilioSimCallbacks.sipCode(ending.status)) ?? 0),
                "reason": .string(ending.status.rawValue)
            ])
        }
        return .object([
            "agent_id": .string(link.agentId),
            "conversation_id": .string(link.conversationId),
            "status": .string(status),
            "user_id": .null,
            "transcript": .array(transcript),
            "metadata": .object(metadata),
            "analysis": done ? analysis(call) : .null,
            "conversation_initiation_client_data": .object([
                "conversation_config_override": .object(["agent": .object(override), "tts": .object(["voice_id": .null])]),
                "custom_llm_extra_body": .object([:]),
                "dynamic_variables": .object(link.dynamicVariables)
            ]),
            "has_audio": .bool(done),
            "has_user_audio": .bool(done),
            "has_response_audio": .bool(done)
        ])
    }

    static func transcriptionWebhook(_ call: SimCall, at now: Duration, context: SimContext) -> SimCallback? {
        guard let url = context.configuration.elevenLabsWebhookURL else { return nil }
        let body: JSONValue = .object([
            "type": .string("post_call_transcription"),
            "event_timestamp": .int(Int64(context.unixSeconds(now))),
            "data": conversation(call, at: now, context: context)
        ])
        return signed(kind: "elevenlabs.post_call_transcription", call: call, url: url, body: body, at: now, context: context)
    }

    static func failureWebhook(_ call: SimCall, at now: Duration, context: SimContext) -> SimCallback? {
        guard let url = context.configuration.elevenLabsWebhookURL, let link = call.elevenLabs,
            let ending = call.ending(by: now)
        else { return nil }
        var twilioBody: [String: JSONValue] = [:]
        for (key, value) in TwilioSimCallbacks.statusParameters(call, at: now, sequence: call.sequenceNumber, context: context) {
            twilioBody[key] = .string(value)
        }
        let body: JSONValue = .object([
            "type": .string("call_initiation_failure"),
            "event_timestamp": .int(Int64(context.unixSeconds(now))),
            "data": .object([
                "agent_id": .string(link.agentId),
                "conversation_id": .string(link.conversationId),
                "failure_reason": .string(ending.status.rawValue),
                "metadata": .object(["type": .string("twilio"), "body": .object(twilioBody)])
            ])
        ])
        return signed(kind: "elevenlabs.call_initiation_failure", call: call, url: url, body: body, at: now, context: context)
    }

    private static func signed(
        kind: String, call: SimCall, url: String, body: JSONValue, at now: Duration,
        context: SimContext
    ) -> SimCallback {
        let bytes = SimJSON.encode(body)
        var headers = [HTTPHeader("Content-Type", "application/json"), HTTPHeader("User-Agent", "ElevenLabs/1.0")]
        if let secret = context.configuration.elevenLabsWebhookSecret {
            headers.append(
                HTTPHeader(
                    ElevenLabsSignature.headerName,
                    ElevenLabsSignature.header(secret: secret, timestamp: context.unixSeconds(now), body: bytes)))
        }
        return SimCallback(kind: kind, callSid: call.sid, method: "POST", url: url, headers: headers, body: bytes)
    }

    private static func transcriptTurns(_ call: SimCall, link: ElevenLabsLink, durationSeconds: Int) -> [JSONValue] {
        let name = link.dynamicVariables["contact_name"]?.stringValue ?? "there"
        let opening = link.firstMessage ?? "Hi \(name), this is an automated call. Do you have a minute?"
        let lines: [(String, String)] =
            call.outcome == .machine
            ? [("agent", opening), ("user", "You have reached voicemail. Please leave a message after the tone.")]
            : [
                ("agent", opening), ("user", "Yes, this is \(name). Go ahead."), ("agent", "Thank you, I will be brief."),
                ("user", "Sounds good, thanks for calling.")
            ]
        return lines.enumerated().map { index, line in
            .object([
                "role": .string(line.0), "message": .string(line.1), "tool_calls": .array([]), "tool_results": .array([]),
                "feedback": .null, "llm_override": .null,
                "time_in_call_secs": .int(Int64(durationSeconds * index / max(1, lines.count))),
                "conversation_turn_metrics": .null, "interrupted": .bool(false), "source_medium": .string("audio")
            ])
        }
    }

    private static func analysis(_ call: SimCall) -> JSONValue {
        let human = call.outcome == .human
        return .object([
            "evaluation_criteria_results": .object([:]),
            "data_collection_results": .object([:]),
            "call_successful": .string(human ? "success" : "failure"),
            "transcript_summary": .string(human ? "The agent reached the contact, who agreed to talk." : "The call reached voicemail."),
            "call_summary_title": .string(human ? "Contact reached" : "Voicemail")
        ])
    }

    private static func terminationReason(_ call: SimCall, _ status: CallStatus?) -> String {
        switch status {
        case nil: ""
        case .completed?: call.outcome == .machine ? "Voicemail detected" : "Call ended by remote party"
        case let other?: "Call \(other.rawValue)"
        }
    }
}

import DialerHTTP
import Foundation

/// Callback bodies in the providers' real shapes: Twilio's documented status, recording and
/// AMD parameters; ElevenLabs' post-call examples (../shared/specs); Bland's call object.
enum Payloads {
    static let accountSid = "AC0123456789abcdef0123456789abcdef"

    static func twilioStatus(
        callSid: String, status: String, sequence: Int?, duration: Int? = nil,
        answeredBy: String? = nil, at date: Date = Date(timeIntervalSince1970: 1_790_000_060),
        extra: [(String, String)] = []
    ) -> [(String, String)] {
        var p: [(String, String)] = [
            ("AccountSid", accountSid), ("ApiVersion", "2010-04-01"), ("CallSid", callSid), ("CallStatus", status),
            ("Called", "+14155550123"), ("CalledCity", "SAN FRANCISCO"), ("CalledCountry", "US"), ("CalledState", "CA"),
            ("CalledZip", "94105"), ("Caller", "+14155550100"), ("CallerCountry", "US"), ("CallbackSource", "call-progress-events"),
            ("Direction", "outbound-api"), ("From", "+14155550100"), ("To", "+14155550123"), ("ToCountry", "US"),
            ("Timestamp", HTTPDate.rfc2822(date))
        ]
        if let sequence { p.append(("SequenceNumber", String(sequence))) }
        if let duration {
            p.append(("CallDuration", String(duration)))
            p.append(("Duration", String((duration + 59) / 60)))
            p.append(("SipResponseCode", "200"))
        }
        if let answeredBy { p.append(("AnsweredBy", answeredBy)) }
        return p + extra
    }

    static func twilioRecording(callSid: String, recordingSid: String, status: String = "completed", duration: Int = 16) -> [(String, String)] {
        [
            ("AccountSid", accountSid), ("CallSid", callSid), ("ErrorCode", "0"), ("RecordingChannels", "1"),
            ("RecordingDuration", String(duration)), ("RecordingSid", recordingSid), ("RecordingSource", "OutboundAPI"),
            ("RecordingStartTime", "Fri, 11 Sep 2026 10:41:00 +0000"), ("RecordingStatus", status), ("RecordingTrack", "both"),
            ("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/\(accountSid)/Recordings/\(recordingSid)")
        ]
    }

    static func twilioAMD(callSid: String, answeredBy: String) -> [(String, String)] {
        [("AccountSid", accountSid), ("AnsweredBy", answeredBy), ("CallSid", callSid), ("MachineDetectionDuration", "4123")]
    }

    // MARK: ElevenLabs

    /// The spec's transcription example, with the phone call and our attempt id added as the
    /// Twilio integration and our provider send them.
    static func elevenLabsTranscription(
        conversationId: String, callSid: String?, attemptId: String?,
        status: String = "done", eventTimestamp: Int = 1_790_000_100,
        dataCollection: String = "{}"
    ) -> [UInt8] {
        let phoneCall =
            callSid.map {
                """
                "phone_call": {"direction": "outbound", "phone_number_id": "phnum_01", "agent_number": "+14155550100",
                               "external_number": "+14155550123", "type": "twilio", "stream_sid": "MZ0001", "call_sid": "\($0)"},
                """
            } ?? ""
        let attempt = attemptId.map { #", "attempt_id": "\#($0)""# } ?? ""
        return Array(
            """
            {
              "type": "post_call_transcription",
              "event_timestamp": \(eventTimestamp),
              "data": {
                "agent_id": "xyz",
                "conversation_id": "\(conversationId)",
                "status": "\(status)",
                "user_id": "user123",
                "transcript": [
                  {"role": "agent", "message": "Hey there angelo. How are you?", "tool_calls": null, "tool_results": null,
                   "feedback": null, "time_in_call_secs": 0, "conversation_turn_metrics": null},
                  {"role": "user", "message": "Hey, can you tell me, like, a fun fact about 11 Labs?", "tool_calls": null,
                   "tool_results": null, "feedback": null, "time_in_call_secs": 2, "conversation_turn_metrics": null},
                  {"role": "agent", "message": "I do not have access to fun facts about Eleven Labs.", "tool_calls": null,
                   "tool_results": null, "feedback": null, "time_in_call_secs": 9,
                   "conversation_turn_metrics": {"convai_llm_service_ttfb": {"elapsed_time": 0.3704247010173276}}}
                ],
                "metadata": {
                  "start_time_unix_secs": 1790000070,
                  "call_duration_secs": 22,
                  "cost": 296,
                  \(phoneCall)
                  "deletion_settings": {"deletion_time_unix_secs": 1802609320, "delete_transcript_and_pii": true, "delete_audio": true},
                  "feedback": {"overall_score": null, "likes": 0, "dislikes": 0},
                  "authorization_method": "authorization_header",
                  "charging": {"dev_discount": true},
                  "termination_reason": ""
                },
                "analysis": {
                  "evaluation_criteria_results": {},
                  "data_collection_results": \(dataCollection),
                  "call_successful": "success",
                  "transcript_summary": "The agent answered a question about ElevenLabs."
                },
                "conversation_initiation_client_data": {
                  "conversation_config_override": {"agent": {"prompt": null, "first_message": null, "language": "en"}, "tts": {"voice_id": null}},
                  "custom_llm_extra_body": {},
                  "dynamic_variables": {"user_name": "angelo"\(attempt)}
                },
                "has_audio": true, "has_user_audio": true, "has_response_audio": true
              }
            }
            """.utf8)
    }

    static func elevenLabsAudio(conversationId: String) -> [UInt8] {
        let audio = String(repeating: "SUQzBAAAAAAA", count: 2_000)
        return Array(
            """
            {"type": "post_call_audio", "event_timestamp": 1790000120,
             "data": {"agent_id": "xyz", "conversation_id": "\(conversationId)", "full_audio": "\(audio)"}}
            """.utf8)
    }

    static func elevenLabsInitiationFailure(conversationId: String, callSid: String, reason: String) -> [UInt8] {
        Array(
            """
            {"type": "call_initiation_failure", "event_timestamp": 1790000090,
             "data": {"agent_id": "xyz", "conversation_id": "\(conversationId)", "failure_reason": "\(reason)",
                      "metadata": {"type": "twilio", "body": {"CallSid": "\(callSid)", "CallStatus": "\(reason)",
                                   "AccountSid": "\(accountSid)", "Direction": "outbound-api", "CallDuration": "0",
                                   "SipResponseCode": "486", "To": "+14155550123", "From": "+14155550100"}}}}
            """.utf8)
    }

    // MARK: Bland

    static func blandCall(
        callId: String, attemptId: String?, status: String = "completed", answeredBy: String = "human",
        minutes: Double = 1.5, price: Double = 0.135
    ) -> [UInt8] {
        let metadata = attemptId.map { #"{"attemptId": "\#($0)", "campaignId": "c1", "contactId": "k1"}"# } ?? "{}"
        return Array(
            """
            {
              "call_id": "\(callId)", "c_id": "\(callId)", "call_length": \(minutes), "batch_id": null,
              "to": "+14155550123", "from": "+14155550100",
              "request_data": {"phone_number": "+14155550123", "wait": false, "language": "en"},
              "completed": true, "created_at": "2026-09-21T10:40:00.000+00:00", "inbound": false,
              "queue_status": "complete", "endpoint_url": "api.bland.ai", "max_duration": 30, "error_message": null,
              "variables": {"now": "Monday, September 21, 2026", "from": "+14155550100", "to": "+14155550123", "call_id": "\(callId)"},
              "answered_by": "\(answeredBy)", "record": true,
              "recording_url": "https://server.aws.dc5.bland.ai/v1/recordings/\(callId)",
              "metadata": \(metadata),
              "summary": "The assistant reached the contact, who asked to be called back next week.",
              "price": \(price),
              "started_at": "2026-09-21T10:40:05.000+00:00",
              "local_dialing": false, "call_ended_by": "USER", "pathway_logs": null, "analysis_schema": null,
              "analysis": {"callback_requested": true},
              "concatenated_transcript": "assistant: Hello, this is Ava. \\n user: Hi, call me next week.",
              "transcripts": [
                {"id": 1, "created_at": "2026-09-21T10:40:06.000+00:00", "text": "Hello, this is Ava.", "user": "assistant", "c_id": "\(callId)"},
                {"id": 2, "created_at": "2026-09-21T10:40:15.000+00:00", "text": "Hi, call me next week.", "user": "user", "c_id": "\(callId)"}
              ],
              "status": "\(status)", "corrected_duration": "\(Int(minutes * 60))", "end_at": "2026-09-21T10:41:35.000+00:00"
            }
            """.utf8)
    }
}

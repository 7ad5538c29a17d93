import DialerCore
import DialerHTTP
import DialerTelephony
import Foundation

/// Twilio's outgoing requests: status, async AMD and recording callbacks, each signed with
/// X-Twilio-Signature over the exact URL and the sorted parameters.
enum TwilioSimCallbacks {
    static func statusParameters(_ call: SimCall, at now: Duration, sequence: Int, context: SimContext) -> [(String, String)] {
        let status = call.status(at: now)
        var params: [(String, String)] = [
            ("AccountSid", context.configuration.twilioAccountSid), ("ApiVersion", "2010-04-01"),
            ("CallSid", call.sid), ("CallStatus", status.rawValue), ("Called", call.to), ("Caller", call.from),
            ("CallbackSource", "call-progress-events"), ("Direction", "outbound-api"), ("From", call.from), ("To", call.to),
            ("SequenceNumber", String(sequence)), ("Timestamp", HTTPDate.rfc2822(context.date(now)))
        ]
        if let answeredBy = call.answeredBy(by: now), call.twilio.machineDetection != nil {
            params.append(("AnsweredBy", answeredBy))
        }
        if let ending = call.ending(by: now) {
            params.append(("CallDuration", String(ending.durationSeconds)))
            params.append(("Duration", String((ending.durationSeconds + 59) / 60)))
            params.append(("SipResponseCode", sipCode(ending.status)))
            if call.twilio.record, ending.status == .completed {
                params.append(("RecordingSid", call.recordingSid))
                params.append(("RecordingUrl", recordingURL(call, context)))
                params.append(("RecordingDuration", String(ending.durationSeconds)))
            }
        }
        return params
    }

    static func status(_ call: SimCall, event: String, at now: Duration, sequence: Int, context: SimContext) -> SimCallback? {
        guard let url = call.twilio.statusCallback, call.twilio.events.contains(event) else { return nil }
        return signed(
            kind: "twilio.status.\(event)", callSid: call.sid, url: url, method: call.twilio.statusCallbackMethod,
            parameters: statusParameters(call, at: now, sequence: sequence, context: context), context: context)
    }

    static func amd(_ call: SimCall, answeredBy: String, at now: Duration, context: SimContext) -> SimCallback? {
        guard let url = call.twilio.amdCallback else { return nil }
        let detectionMillis =
            call.answeredAt(by: now).map { Int(SimTime.seconds(now - $0) / max(context.configuration.latency.timeScale, 1e-9) * 1000) } ?? 0
        let params = [
            ("AccountSid", context.configuration.twilioAccountSid), ("CallSid", call.sid),
            ("AnsweredBy", answeredBy), ("MachineDetectionDuration", String(detectionMillis))
        ]
        return signed(
            kind: "twilio.amd", callSid: call.sid, url: url, method: call.twilio.amdCallbackMethod,
            parameters: params, context: context)
    }

    static func recording(_ call: SimCall, at now: Duration, context: SimContext) -> SimCallback? {
        guard let url = call.twilio.recordingCallback, let ending = call.ending(by: now) else { return nil }
        let startedAt = call.answeredAt(by: now) ?? ending.at
        let params = [
            ("AccountSid", context.configuration.twilioAccountSid), ("CallSid", call.sid),
            ("RecordingSid", call.recordingSid), ("RecordingUrl", recordingURL(call, context)),
            ("RecordingStatus", "completed"), ("RecordingDuration", String(ending.durationSeconds)),
            ("RecordingChannels", "1"), ("RecordingStartTime", HTTPDate.rfc2822(context.date(startedAt))),
            ("RecordingSource", "OutboundAPI"), ("RecordingTrack", "both"), ("ErrorCode", "0")
        ]
        return signed(
            kind: "twilio.recording", callSid: call.sid, url: url, method: call.twilio.recordingCallbackMethod,
            parameters: params, context: context)
    }

    static func recordingURL(_ call: SimCall, _ context: SimContext) -> String {
        "\(context.baseURL)/2010-04-01/Accounts/\(context.configuration.twilioAccountSid)/Recordings/\(call.recordingSid)"
    }

    /// POST signs URL + sorted parameters; GET carries the parameters in the URL, which is then signed alone.
    /// A connection-override fragment is cut off first: it is never sent, it only sets how delivery retries.
    static func signed(
        kind: String, callSid: String, url configured: String, method: String, parameters: [(String, String)],
        context: SimContext
    ) -> SimCallback {
        let (url, overrides) = TwilioConnectionOverrides.split(configured)
        let delivery = overrides ?? .twilioDefaults
        let token = context.configuration.twilioAuthToken
        var headers = [
            HTTPHeader("User-Agent", "TwilioProxy/1.1"),
            HTTPHeader("I-Twilio-Idempotency-Token", "\(callSid)-\(kind)")
        ]
        if method == "GET" {
            let full = url + (url.contains("?") ? "&" : "?") + FormURLEncoding.encode(parameters)
            headers.append(HTTPHeader("X-Twilio-Signature", TwilioSignature.compute(authToken: token, url: full, parameters: [])))
            return SimCallback(kind: kind, callSid: callSid, method: "GET", url: full, headers: headers, body: nil, overrides: delivery)
        }
        headers.append(HTTPHeader("Content-Type", "application/x-www-form-urlencoded"))
        headers.append(HTTPHeader("X-Twilio-Signature", TwilioSignature.compute(authToken: token, url: url, parameters: parameters)))
        return SimCallback(
            kind: kind, callSid: callSid, method: "POST", url: url, headers: headers,
            body: Array(FormURLEncoding.encode(parameters).utf8), overrides: delivery)
    }

    static func sipCode(_ status: CallStatus) -> String {
        switch status {
        case .completed: "200"
        case .busy: "486"
        case .noAnswer: "487"
        case .canceled: "487"
        default: "404"
        }
    }
}

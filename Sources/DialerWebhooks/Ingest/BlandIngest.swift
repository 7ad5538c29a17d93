import DialerCore
import DialerStore
import Foundation

extension WebhookIngest {
    /// Bland calls have no Twilio SID: where the seed's collections need a `callSid`, Bland's
    /// `call_id` stands in, and the recording is stored under that id too.
    func bland(_ webhook: BlandWebhook) async throws -> IngestOutcome {
        let now = clock.date
        let status = webhook.callStatus
        // Anyone on the Bland account can send a call's webhook here, signed with the account's secret and
        // with any `metadata.attemptId`.
        let binding = CallBinding(kind: .providerCallId, providerId: webhook.callId, attemptId: webhook.attemptId)
        let fields = CallFields(
            startTime: webhook.startTime, endTime: status?.isTerminal == true ? webhook.endTime : nil,
            duration: webhook.durationSeconds, answeredBy: webhook.details?.answeredBy,
            price: webhook.price.map { String($0) }, priceUnit: webhook.price == nil ? nil : "USD",
            cost: webhook.price, recordingUrl: webhook.recordingUrl,
            transcript: webhook.concatenatedTranscript, errorMessage: webhook.details?.errorMessage)
        guard
            let result = try await advance(
                binding, route: .bland, status: status, fields: fields,
                identity: CallFields(providerCallId: webhook.callId), now: now)
        else { return .foreign }
        let callSid = result.call?.callSid ?? webhook.callId
        if !webhook.segments.isEmpty || webhook.summary != nil {
            try await store.upsertTranscript(
                Transcript(
                    callSid: callSid, conversationId: nil, transcript: webhook.segments, summary: webhook.summary,
                    analysis: webhook.analysis, now: now))
        }
        if let url = webhook.recordingUrl {
            try await store.upsertRecording(
                Recording(
                    recordingSid: webhook.callId, callSid: callSid, url: url,
                    duration: webhook.durationSeconds, status: .completed, now: now))
        }
        let statusText = webhook.eventData["status"]?.text ?? "-"
        let completed = webhook.details?.completed.map(String.init) ?? "-"
        _ = try await store.appendCallEvent(
            CallEvent(
                callSid: callSid, eventType: "bland-webhook", timestamp: webhook.endTime ?? now, data: webhook.eventData,
                sequenceNumber: nil, providerEventId: "bland|\(webhook.callId)|\(statusText)|\(completed)",
                attemptId: result.call?.attemptId ?? webhook.attemptId, now: now))
        if case .notFound = result { logUnknown(.bland, binding.keys) }
        announceIfEnded(result, status: status)
        passOnLateSummary(result, summary: webhook.summary)
        return result.outcome
    }
}

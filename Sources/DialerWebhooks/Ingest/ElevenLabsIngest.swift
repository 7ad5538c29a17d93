import DialerCore
import DialerStore
import Foundation

extension WebhookIngest {
    func elevenLabs(_ webhook: ElevenLabsWebhook) async throws -> IngestOutcome {
        switch webhook {
        case .transcription(let transcription): return try await elevenLabsTranscription(transcription)
        case .audio(let notice): return try await elevenLabsAudio(notice)
        case .initiationFailure(let failure): return try await elevenLabsInitiationFailure(failure)
        case .other(let type):
            logger.info("ElevenLabs webhook type not handled; acknowledged", metadata: ["type": "\(type)"])
            return .ignored
        }
    }

    private func elevenLabsTranscription(_ t: ElevenLabsTranscription) async throws -> IngestOutcome {
        let now = clock.date
        let status = t.callStatus
        // `cost` is in ElevenLabs credits; it is kept as the price with its unit, not as money.
        let fields = CallFields(
            startTime: t.startTime, endTime: t.endTime, duration: t.durationSeconds,
            price: t.cost.map(String.init), priceUnit: t.cost == nil ? nil : "credits",
            transcript: t.plainText.isEmpty ? nil : t.plainText,
            errorMessage: status == .failed ? t.terminationReason : nil)
        let identity = CallFields(callSid: t.correlation.callSid, conversationId: t.correlation.conversationId)
        guard
            let result = try await advance(
                t.correlation.binding, route: .elevenLabs, status: status, fields: fields,
                identity: identity, now: now)
        else { return .foreign }
        let callSid = result.call?.callSid ?? t.correlation.callSid ?? t.correlation.conversationId
        // The webhook is set per workspace, so conversations we did not place (other agents,
        // inbound calls) arrive too: their transcripts are not ours to keep.
        if result.call != nil {
            try await store.upsertTranscript(
                Transcript(
                    callSid: callSid, conversationId: t.correlation.conversationId, transcript: t.segments,
                    summary: t.summary, sentiment: t.sentiment, analysis: t.analysis, now: now))
        }
        // Before the event: a failure here fails the webhook, and its redelivery applies it again.
        if let call = result.call { try await applyOptOut(call, analysis: t.analysis) }
        _ = try await store.appendCallEvent(
            CallEvent(
                callSid: callSid, eventType: "post_call_transcription", timestamp: t.eventTimestamp ?? now, data: t.eventData,
                sequenceNumber: nil, providerEventId: "elevenlabs|post_call_transcription|\(t.correlation.conversationId)",
                attemptId: result.call?.attemptId ?? t.correlation.attemptId, now: now))
        if case .notFound = result { logUnknown(.elevenLabs, t.correlation.binding.keys) }
        announceIfEnded(result, status: status)
        passOnLateSummary(result, summary: t.summary)
        return result.outcome
    }

    /// Acknowledged and recorded as an event; the audio itself is dropped.
    private func elevenLabsAudio(_ notice: ElevenLabsAudioNotice) async throws -> IngestOutcome {
        let now = clock.date
        let call = try await store.call(.conversationId(notice.conversationId))
        var data: [String: JSONValue] = [
            "conversation_id": .string(notice.conversationId),
            "audioBase64Bytes": .int(Int64(notice.audioBase64Length))
        ]
        if let agentId = notice.agentId { data["agent_id"] = .string(agentId) }
        _ = try await store.appendCallEvent(
            CallEvent(
                callSid: call?.callSid ?? notice.conversationId, eventType: "post_call_audio", timestamp: notice.eventTimestamp ?? now,
                data: data, sequenceNumber: nil, providerEventId: "elevenlabs|post_call_audio|\(notice.conversationId)",
                attemptId: call?.attemptId, now: now))
        return call == nil ? .unknownCall : .applied
    }

    private func elevenLabsInitiationFailure(_ f: ElevenLabsInitiationFailure) async throws -> IngestOutcome {
        let now = clock.date
        let status = f.callStatus
        let errorCode = f.providerBody?["ErrorCode"]?.text ?? f.providerBody?["SipResponseCode"]?.text
        let fields = CallFields(
            endTime: f.eventTimestamp ?? now, duration: f.durationSeconds,
            errorCode: errorCode, errorMessage: f.failureReason)
        let identity = CallFields(callSid: f.correlation.callSid, conversationId: f.correlation.conversationId)
        guard
            let result = try await advance(
                f.correlation.binding, route: .elevenLabs, status: status, fields: fields,
                identity: identity, now: now)
        else { return .foreign }
        _ = try await store.appendCallEvent(
            CallEvent(
                callSid: result.call?.callSid ?? f.correlation.callSid ?? f.correlation.conversationId,
                eventType: "call_initiation_failure", timestamp: f.eventTimestamp ?? now, data: f.eventData,
                sequenceNumber: nil, providerEventId: "elevenlabs|call_initiation_failure|\(f.correlation.conversationId)",
                attemptId: result.call?.attemptId ?? f.correlation.attemptId, now: now))
        if case .notFound = result { logUnknown(.elevenLabs, f.correlation.binding.keys) }
        announceIfEnded(result, status: status)
        return result.outcome
    }
}

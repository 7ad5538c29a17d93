import DialerCore
import DialerStore
import Foundation

extension WebhookIngest {
    func twilioStatus(_ callback: TwilioStatusCallback, attemptId: String?) async throws -> IngestOutcome {
        let now = clock.date
        let at = callback.timestamp ?? now
        var fields = CallFields(
            answeredBy: callback.answeredBy, price: callback.price, priceUnit: callback.priceUnit,
            recordingUrl: callback.recordingUrl, errorCode: callback.errorCode,
            errorMessage: callback.errorMessage)
        if callback.status == .inProgress { fields.startTime = at }
        if callback.status.isTerminal {
            fields.endTime = at
            fields.duration = callback.duration
        }
        let keys = Self.twilioKeys(callSid: callback.callSid, attemptId: attemptId)
        var result = try await updater.update(
            keys: keys, status: callback.status, fields: fields,
            identity: CallFields(callSid: callback.callSid), now: now)
        // A final callback can overtake `in-progress`, which then arrives stale and is dropped: the
        // start is worked out from the end. A start `in-progress` already recorded is kept.
        if case .advanced(let ended) = result, ended.status.isTerminal, ended.startTime == nil,
            let answeredAt = callback.answeredAt(endingAt: at),
            case .advanced(let started) = try await store.advanceCall(
                .attemptId(ended.attemptId), to: nil,
                fields: CallFields(startTime: answeredAt), now: now)
        {
            result = .advanced(started)
        }
        // Keyed by (CallSid, SequenceNumber); without a sequence number, by the status itself.
        let fallbackKey = callback.sequenceNumber == nil ? "\(callback.callSid)|status-change|\(callback.status.rawValue)" : nil
        _ = try await store.appendCallEvent(
            CallEvent(
                callSid: callback.callSid, eventType: "status-change", timestamp: at, data: callback.parameters.json,
                sequenceNumber: callback.sequenceNumber, providerEventId: fallbackKey,
                attemptId: attemptId ?? result.call?.attemptId, now: now))
        if case .notFound = result { logUnknown(.twilioStatus, keys) }
        announceIfEnded(result, status: callback.status)
        return result.outcome
    }

    func twilioRecording(_ callback: TwilioRecordingCallback, attemptId: String?) async throws -> IngestOutcome {
        let now = clock.date
        let existing = try await store.recordings(callSid: callback.callSid).first { $0.recordingSid == callback.recordingSid }
        // "in-progress" arriving after the final status must not undo it.
        let regresses = callback.status == .inProgress && existing.map { $0.status != .inProgress } == true
        if !regresses {
            var recording = Recording(
                recordingSid: callback.recordingSid, callSid: callback.callSid,
                url: callback.url ?? existing?.url, duration: callback.duration ?? existing?.duration,
                status: callback.status, now: now)
            recording.createdAt = existing?.createdAt ?? now
            try await store.upsertRecording(recording)
        }
        let keys = Self.twilioKeys(callSid: callback.callSid, attemptId: attemptId)
        var outcome: IngestOutcome = regresses ? .unchanged : .applied
        var resolvedAttempt = attemptId
        if callback.status == .completed, let url = callback.url {
            let result = try await updater.update(
                keys: keys, status: nil, fields: CallFields(recordingUrl: url),
                identity: CallFields(callSid: callback.callSid), now: now)
            resolvedAttempt = resolvedAttempt ?? result.call?.attemptId
            if case .notFound = result {
                outcome = .unknownCall
                logUnknown(.twilioRecording, keys)
            }
        }
        _ = try await store.appendCallEvent(
            CallEvent(
                callSid: callback.callSid, eventType: "recording", timestamp: now, data: callback.parameters.json,
                sequenceNumber: nil,
                providerEventId: "\(callback.callSid)|recording|\(callback.recordingSid)|\(callback.status.rawValue)",
                attemptId: resolvedAttempt, now: now))
        return outcome
    }

    func twilioAMD(_ callback: TwilioAMDCallback, attemptId: String?) async throws -> IngestOutcome {
        let now = clock.date
        let keys = Self.twilioKeys(callSid: callback.callSid, attemptId: attemptId)
        let result = try await updater.update(
            keys: keys, status: nil, fields: CallFields(answeredBy: callback.answeredBy),
            identity: CallFields(callSid: callback.callSid), now: now)
        _ = try await store.appendCallEvent(
            CallEvent(
                callSid: callback.callSid, eventType: "amd", timestamp: now, data: callback.parameters.json,
                sequenceNumber: nil, attemptId: attemptId ?? result.call?.attemptId, now: now))
        if case .notFound = result { logUnknown(.twilioAMD, keys) }
        return result.outcome
    }

    /// The SID first: once stored it is the cheapest lookup. The attempt id finds the call
    /// when a callback beats the create-call response that tells us the SID.
    static func twilioKeys(callSid: String, attemptId: String?) -> [CallKey] {
        var keys: [CallKey] = [.callSid(callSid)]
        if let attemptId { keys.append(.attemptId(attemptId)) }
        return keys
    }
}

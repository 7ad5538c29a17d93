import DialerCore
import Foundation

// Calls, recordings, transcripts and events for the operator API; each operation one critical section.
extension InMemoryStore {
    public nonisolated(nonsending) func deleteCall(callSid: String) async throws -> CallDeletion {
        try locked {
            guard let id = callIdByKey[.callSid(callSid)], let call = calls[id] else { return .notFound }
            guard call.status.isTerminal else { return .live(call.status) }
            removeCall(call)
            return .deleted
        }
    }

    /// Removes a call and its lookup entries; a terminal call is in no live set.
    private func removeCall(_ call: Call) {
        let id = call.id!
        calls[id] = nil
        let keys: [CallKey?] = [
            .attemptId(call.attemptId), call.callSid.map(CallKey.callSid), call.conversationId.map(CallKey.conversationId),
            call.providerCallId.map(CallKey.providerCallId)
        ]
        for case let key? in keys where callIdByKey[key] == id { callIdByKey[key] = nil }
        if let campaignId = call.campaignId { callsByCampaign[campaignId]?.remove(id) }
    }

    public nonisolated(nonsending) func scanCalls(_ filter: CallFilter, after: ScanCursor?, limit: Int) async throws -> ScanPage<Call> {
        var unpaged = filter
        unpaged.after = nil
        return try locked {
            Self.scanPage(calls.values.filter { unpaged.matches($0) }, at: { ScanCursor(time: $0.createdAt, id: $0.id!) }, after: after, limit: limit)
        }
    }

    public nonisolated(nonsending) func listRecordings(_ filter: RecordingFilter, page: PageRequest) async throws -> Page<Recording> {
        try locked {
            paginate(recordingsBySid.values.filter(filter.matches).sorted { ($0.createdAt, $0.id!) > ($1.createdAt, $1.id!) }, page)
        }
    }

    public nonisolated(nonsending) func recording(recordingSid: String) async throws -> Recording? {
        try locked { recordingsBySid[recordingSid] }
    }

    public nonisolated(nonsending) func insertRecording(_ recording: Recording) async throws -> ObjectId {
        try locked {
            guard recordingsBySid[recording.recordingSid] == nil else {
                throw StoreError.duplicateKey(collection: Collections.recordings, index: "recordingSid_1", key: recording.recordingSid)
            }
            var stored = recording
            stored.id = recording.id ?? ObjectId()
            recordingsBySid[recording.recordingSid] = stored
            return stored.id!
        }
    }

    public nonisolated(nonsending) func deleteRecording(recordingSid: String) async throws -> Bool {
        try locked { recordingsBySid.removeValue(forKey: recordingSid) != nil }
    }

    public nonisolated(nonsending) func insertTranscript(_ transcript: Transcript) async throws -> ObjectId {
        try locked {
            guard transcriptsBySid[transcript.callSid] == nil else {
                throw StoreError.duplicateKey(collection: Collections.transcripts, index: "callSid_1", key: transcript.callSid)
            }
            var stored = transcript
            stored.id = transcript.id ?? ObjectId()
            transcriptsBySid[transcript.callSid] = stored
            return stored.id!
        }
    }

    public nonisolated(nonsending) func updateTranscript(callSid: String, _ changes: TranscriptChanges, now: Date) async throws -> Transcript? {
        try locked {
            guard var transcript = transcriptsBySid[callSid] else { return nil }
            FieldMerge.applyAll(TranscriptChanges.merges, changes, to: &transcript)
            transcript.updatedAt = now
            transcriptsBySid[callSid] = transcript
            return transcript
        }
    }

    public nonisolated(nonsending) func listCallEvents(_ filter: CallEventFilter, sort: SortOrder, page: PageRequest) async throws -> Page<CallEvent>
    {
        try locked {
            let matching = events.values.filter(filter.matches).sorted {
                sort == .newestFirst ? ($0.timestamp, $0.id!) > ($1.timestamp, $1.id!) : ($0.timestamp, $0.id!) < ($1.timestamp, $1.id!)
            }
            return paginate(matching, page)
        }
    }
}

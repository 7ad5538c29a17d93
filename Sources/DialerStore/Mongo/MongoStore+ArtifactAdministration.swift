import DialerCore
import Foundation

extension MongoStore {
    public func listRecordings(_ filter: RecordingFilter, page request: PageRequest) async throws -> Page<Recording> {
        try await page(
            Recording.self, Collections.recordings, filter: RecordingQueries.filter(filter), sort: ["createdAt": -1, "_id": -1], request)
    }

    public func recording(recordingSid: String) async throws -> Recording? {
        let document = try await on(Collections.recordings) { try MongoOperations.findOne($0, filter: ["recordingSid": .string(recordingSid)]) }
        return try document.map { try decode(Recording.self, $0, from: Collections.recordings) }
    }

    public func insertRecording(_ recording: Recording) async throws -> ObjectId {
        try await insert(recording, into: Collections.recordings, id: \.id)
    }

    public func deleteRecording(recordingSid: String) async throws -> Bool {
        let reply = try await on(Collections.recordings) { try MongoOperations.deleteOne($0, filter: ["recordingSid": .string(recordingSid)]) }
        return (reply["deletedCount"]?.intValue ?? 0) > 0
    }

    /// The unique index on `callSid` refuses a second transcript of a call.
    public func insertTranscript(_ transcript: Transcript) async throws -> ObjectId {
        try await insert(transcript, into: Collections.transcripts, id: \.id)
    }

    public func updateTranscript(callSid: String, _ changes: TranscriptChanges, now: Date) async throws -> Transcript? {
        var set = try encode(changes)
        set["updatedAt"] = .date(now)
        let update: BSONDocument = ["$set": .document(set)]
        let document = try await on(Collections.transcripts) {
            try MongoOperations.findOneAndUpdate($0, filter: ["callSid": .string(callSid)], sort: nil, update: update)
        }
        return try document.map { try decode(Transcript.self, $0, from: Collections.transcripts) }
    }

    public func listCallEvents(_ filter: CallEventFilter, sort: SortOrder, page request: PageRequest) async throws -> Page<CallEvent> {
        let direction: BSONValue = sort == .newestFirst ? -1 : 1
        return try await page(
            CallEvent.self, Collections.callEvents, filter: CallEventQueries.filter(filter), sort: ["timestamp": direction, "_id": direction],
            request)
    }

    /// A plain insert: a unique index refuses a duplicate with `StoreError.duplicateKey`.
    func insert<T: Encodable & Sendable>(_ value: T, into collection: String, id: WritableKeyPath<T, ObjectId?>) async throws -> ObjectId {
        var stored = value
        let newId = value[keyPath: id] ?? ObjectId()
        stored[keyPath: id] = newId
        let document = try encode(stored)
        try await on(collection) { try MongoOperations.insertOne($0, document) }
        return newId
    }
}

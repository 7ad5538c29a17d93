import DialerCore
import DialerStore
import Foundation
import Hummingbird

/// Seed 001's recording routes beyond a call's list, its transcript writes, and call events by type.
enum ArtifactRoutes {
    static let recordingSid = APIParameter.path("recordingSid", .text(maxLength: 128), "the recording's Twilio recordingSid")

    static func routes(_ deps: APIDependencies) -> [APIRoute] {
        recordings(deps) + transcripts(deps) + [callEvents(deps)]
    }

    private static func recordings(_ deps: APIDependencies) -> [APIRoute] {
        let store = deps.store
        let clock = deps.clock
        return [
            APIRoute(
                .get, "/api/db/recordings", operationId: "listRecordings", summary: "Recordings, newest first, filtered and paginated",
                tag: "recordings", scope: .read,
                parameters: [
                    .query("callSid", .text(maxLength: 128), "only this call's recordings"),
                    .query("status", .oneOf(RecordingStatus.knownCases.map(\.rawValue)), "only recordings with this status"),
                    .query("from", .dateTime, "only recordings created after this instant"),
                    .query("to", .dateTime, "only recordings created before this instant")
                ] + Pagination.parameters,
                success: .json(.ref("RecordingPage"), "one page of recordings")
            ) { request in
                let filter = RecordingFilter(
                    callSid: request.optionalText("callSid"), statuses: request.optionalText("status").map { [RecordingStatus(raw: $0)] },
                    createdAfter: request.optionalDate("from"), createdBefore: request.optionalDate("to"))
                return try APIJSON.response(PageReply(try await store.listRecordings(filter, page: Pagination.request(request))))
            },
            APIRoute(
                .get, "/api/db/recordings/{recordingSid}", operationId: "getRecording", summary: "One recording", tag: "recordings",
                scope: .read, parameters: [recordingSid], success: .json(.ref("Recording"), "the recording")
            ) { request in
                let sid = try request.text("recordingSid")
                guard let recording = try await store.recording(recordingSid: sid) else {
                    throw APIError.notFound("no recording with recordingSid \(APIParameter.quoted(sid))")
                }
                return try APIJSON.response(recording)
            },
            APIRoute(
                .post, "/api/db/recordings", operationId: "createRecording",
                summary: "Creates a recording record of a stored call; a recordingSid already stored is refused with 409", tag: "recordings",
                scope: .admin, body: NewRecording.schema, success: .json(.ref("Recording"), "the stored recording", status: .created),
                errors: [.conflict, .unprocessableContent]
            ) { request in
                _ = try BodyShape.check(request.body, against: NewRecording.schema)
                let body = try request.decodeBody(NewRecording.self)
                try await requireCall(body.callSid, store)
                var recording = Recording(
                    recordingSid: body.recordingSid, callSid: body.callSid, url: body.url, duration: body.duration,
                    status: RecordingStatus(raw: body.status ?? RecordingStatus.completed.rawValue), now: clock.now.date)
                recording.id = try await refusingDuplicates("recording \(APIParameter.quoted(body.recordingSid)) is already stored") {
                    try await store.insertRecording(recording)
                }
                return try APIJSON.response(recording, status: .created)
            },
            APIRoute(
                .delete, "/api/db/recordings/{recordingSid}", operationId: "deleteRecording", summary: "Deletes a recording record",
                tag: "recordings", scope: .admin, parameters: [recordingSid], success: .json(.ref("Deletion"), "the recording is gone")
            ) { request in
                let sid = try request.text("recordingSid")
                guard try await store.deleteRecording(recordingSid: sid) else {
                    throw APIError.notFound("no recording with recordingSid \(APIParameter.quoted(sid))")
                }
                return try APIJSON.response(Deletion(deleted: sid))
            }
        ]
    }

    private static func transcripts(_ deps: APIDependencies) -> [APIRoute] {
        let store = deps.store
        let clock = deps.clock
        return [
            APIRoute(
                .post, "/api/db/transcripts", operationId: "createTranscript",
                summary: "Creates a stored call's transcript; a call that has one is refused with 409", tag: "transcripts", scope: .admin,
                body: TranscriptBody.schema(creating: true), success: .json(.ref("Transcript"), "the stored transcript", status: .created),
                errors: [.conflict, .unprocessableContent]
            ) { request in
                _ = try BodyShape.check(request.body, against: TranscriptBody.schema(creating: true))
                let body = try request.decodeBody(TranscriptBody.self)
                let callSid = body.callSid ?? ""
                try await requireCall(callSid, store)
                var transcript = Transcript(
                    callSid: callSid, conversationId: body.conversationId, transcript: body.transcript ?? [], summary: body.summary,
                    sentiment: body.sentiment, analysis: body.analysis, now: clock.now.date)
                transcript.id = try await refusingDuplicates(
                    "call \(APIParameter.quoted(callSid)) already has a transcript; PUT /api/db/transcripts/{callSid} changes it"
                ) { try await store.insertTranscript(transcript) }
                return try APIJSON.response(transcript, status: .created)
            },
            APIRoute(
                .put, "/api/db/transcripts/{callSid}", operationId: "updateTranscript",
                summary: "Changes the given fields of a call's transcript (a given transcript array replaces the stored one)",
                tag: "transcripts", scope: .admin, parameters: [.path("callSid", .text(maxLength: 128), "the transcript's callSid")],
                body: TranscriptBody.schema(creating: false), success: .json(.ref("Transcript"), "the transcript as it now stands"),
                errors: [.unprocessableContent]
            ) { request in
                _ = try BodyShape.check(request.body, against: TranscriptBody.schema(creating: false))
                let body = try request.decodeBody(TranscriptBody.self)
                let changes = TranscriptChanges(
                    conversationId: body.conversationId, transcript: body.transcript, summary: body.summary, sentiment: body.sentiment,
                    analysis: body.analysis)
                guard !changes.isEmpty else { throw APIError(.unprocessable, "the body changes nothing; give at least one field") }
                let sid = try request.text("callSid")
                guard let updated = try await store.updateTranscript(callSid: sid, changes, now: clock.now.date) else {
                    throw APIError.notFound("no transcript for call \(APIParameter.quoted(sid))")
                }
                return try APIJSON.response(updated)
            }
        ]
    }

    private static func callEvents(_ deps: APIDependencies) -> APIRoute {
        let store = deps.store
        return APIRoute(
            .get, "/api/db/call-events", operationId: "listCallEventsByType",
            summary: "Call events of every call, by type and time, oldest first (a call's own: /api/db/calls/{callSid}/events)",
            tag: "callEvents", scope: .read,
            parameters: [
                .query("eventType", .text(maxLength: 100), "only events of this type, as status-change"),
                .query("callSid", .text(maxLength: 128), "only this call's events"),
                .query("from", .dateTime, "only events after this instant (their timestamp)"),
                .query("to", .dateTime, "only events before this instant")
            ] + Pagination.parameters,
            success: .json(.ref("CallEventPage"), "one page of events")
        ) { request in
            let filter = CallEventFilter(
                callSid: request.optionalText("callSid"), eventType: request.optionalText("eventType"), after: request.optionalDate("from"),
                before: request.optionalDate("to"))
            return try APIJSON.response(PageReply(try await store.listCallEvents(filter, sort: .oldestFirst, page: Pagination.request(request))))
        }
    }

    /// An artifact is created only for a call that is stored, under the id the call is known by.
    private static func requireCall(_ callSid: String, _ store: any APIStore) async throws {
        guard try await CallLookup.find(callSid, in: store) != nil else {
            throw APIError(.unprocessable, "callSid names no stored call (\(APIParameter.quoted(callSid)))")
        }
    }
}

/// The body of `POST /api/db/recordings`.
struct NewRecording: Decodable {
    var recordingSid: String
    var callSid: String
    var url: String?
    var duration: Int?
    var status: String?

    static let schema = ObjectSchema()
        .field("recordingSid", .string(pattern: APIParameter.textPattern(128))).field("callSid", .string(pattern: APIParameter.textPattern(128)))
        .optional("url", .string(pattern: "^https?://" + APIParameter.nonBlank + "+$", description: "where the provider serves the audio"))
        .optional("duration", .integer(minimum: 0, maximum: 86_400 * 7, description: "seconds"))
        .optional("status", .enumeration(RecordingStatus.knownCases.map(\.rawValue), description: "default completed"))
        .closed
}

/// The body of `POST /api/db/transcripts` (callSid required) and `PUT /api/db/transcripts/:callSid` (every field optional).
struct TranscriptBody: Decodable {
    var callSid: String?
    var conversationId: String?
    var transcript: [TranscriptSegment]?
    var summary: String?
    var sentiment: JSONValue?
    var analysis: JSONValue?

    static func schema(creating: Bool) -> JSONSchema {
        let segment = ObjectSchema()
            .field("role", .string(pattern: APIParameter.textPattern(64), description: "agent or user")).optional("message", .string())
            .optional("timeInCallSecs", .number(minimum: 0))
            .closed
        var fields = ObjectSchema()
        if creating { fields = fields.field("callSid", .string(pattern: APIParameter.textPattern(128))) }
        return fields.optional("conversationId", .string(pattern: APIParameter.textPattern(128))).optional("transcript", .array(segment))
            .optional("summary", .string()).optional("sentiment", .any(description: "sentiment analysis results"))
            .optional("analysis", .any(description: "the provider's analysis"))
            .closed
    }
}

import DialerCore
import DialerStore
import Foundation
import Hummingbird

/// Seed 001's `POST /api/db/calls` and `DELETE /api/db/calls/:callSid`.
enum CallWriteRoutes {
    static func routes(_ deps: APIDependencies) -> [APIRoute] {
        let store = deps.store
        let clock = deps.clock
        return [
            APIRoute(
                .post, "/api/db/calls", operationId: "createCall",
                summary: "Creates a call record (E.164 to; campaignId and contactId must name stored documents)", tag: "calls",
                scope: .admin, body: NewCall.schema, success: .json(.ref("Call"), "the stored call", status: .created),
                errors: [.conflict, .unprocessableContent]
            ) { request in
                _ = try BodyShape.check(request.body, against: NewCall.schema)
                let body = try request.decodeBody(NewCall.self)
                let call = try await body.call(store: store, now: clock.now.date)
                let id = try await refusingDuplicates("a call with this callSid or attemptId is already stored") {
                    try await store.insertCall(call)
                }
                var stored = call
                stored.id = id
                return try APIJSON.response(stored, status: .created)
            },
            APIRoute(
                .delete, "/api/db/calls/{callSid}", operationId: "deleteCall",
                summary: "Deletes an ended call's record (its recordings, transcript and events stay); a live call is refused with 409",
                tag: "calls", scope: .admin, parameters: [.path("callSid", .text(maxLength: 128), "the call's Twilio callSid")],
                success: .json(.ref("Deletion"), "the call is gone"), errors: [.conflict]
            ) { request in
                let sid = try request.text("callSid")
                switch try await store.deleteCall(callSid: sid) {
                case .deleted: return try APIJSON.response(Deletion(deleted: sid))
                case .live(let status):
                    throw APIError.conflict(
                        "LIVE_CALL", "call \(APIParameter.quoted(sid)) is \(status.rawValue): a live call cannot be deleted; nothing changed")
                case .notFound: throw APIError.notFound("no call with callSid \(APIParameter.quoted(sid))")
                }
            }
        ]
    }
}

/// What a delete answers: the id of what is gone.
struct Deletion: Encodable {
    var deleted: String
    /// A campaign's dialing-progress documents that went with it.
    var progressRemoved: Int?

    static let schema = ObjectSchema()
        .field("deleted", .string(description: "the id (or sid) of the document deleted"))
        .optional("progressRemoved", .integer(minimum: 0, description: "a campaign's dialing-progress documents removed with it"))
        .closed
}

/// The body of `POST /api/db/calls`: seed 001's call fields; the engine's are set here.
struct NewCall: Decodable {
    var to: String
    var status: String?
    var from: String?
    var callSid: String?
    var conversationId: String?
    var direction: String?
    var startTime: Date?
    var endTime: Date?
    var duration: Int?
    var answeredBy: String?
    var machineBehavior: String?
    var agentId: String?
    var contactName: String?
    var campaignId: String?
    var contactId: String?
    var metadata: [String: JSONValue]?
    var provider: String?
    var attemptId: String?
    var outcome: String?
    var notes: String?

    static let e164 = JSONSchema.string(pattern: APIParameter.phonePattern)
    static let sid = JSONSchema.string(pattern: APIParameter.textPattern(128))
    static let schema = ObjectSchema()
        .field("to", .string(pattern: APIParameter.phonePattern, description: "the callee, E.164"))
        .optional("status", .enumeration(CallStatus.knownCases.map(\.rawValue), description: "default queued"))
        .optional("from", e164).optional("callSid", sid).optional("conversationId", sid)
        .optional("direction", .enumeration(["outbound-api", "outbound-dial", "inbound"])).optional("startTime", .dateTime)
        .optional("endTime", .dateTime).optional("duration", .integer(minimum: 0, maximum: 86_400 * 7))
        .optional("answeredBy", .string()).optional("machineBehavior", .string()).optional("agentId", .string())
        .optional("contactName", .string()).optional("campaignId", .objectId).optional("contactId", .objectId)
        .optional("metadata", .map(.any())).optional("provider", .enumeration(ProviderKind.self))
        .optional("attemptId", .string(pattern: APIParameter.textPattern(128), description: "ours; generated when absent"))
        .optional("outcome", .string()).optional("notes", .string())
        .closed

    func call(store: any APIStore, now: Date) async throws -> Call {
        guard PhoneNumber(e164: to) != nil else { throw APIError.badArgs("to must be an E.164 number such as +14155550100") }
        let status = CallStatus(raw: self.status ?? CallStatus.queued.rawValue)
        let provider = ProviderKind(raw: self.provider ?? ProviderKind.twilio.rawValue)
        let campaignId = try await Self.reference("campaignId", campaignId) { try await store.campaign(id: $0) != nil }
        let contactId = try await Self.reference("contactId", contactId) { try await store.contact(id: $0) != nil }
        var call = Call(
            id: ObjectId(date: now), attemptId: attemptId ?? "api-\(ObjectId(date: now).hex)", provider: provider, attempt: 1, status: status,
            from: from, to: to, campaignId: campaignId, contactId: contactId, agentId: agentId, contactName: contactName, now: now)
        call.callSid = callSid
        call.conversationId = conversationId
        call.direction = direction ?? call.direction
        call.startTime = startTime
        call.endTime = endTime
        call.duration = duration
        call.answeredBy = answeredBy
        call.machineBehavior = machineBehavior
        call.metadata = metadata
        call.outcome = outcome
        call.notes = notes
        return call
    }

    /// The id a body field names, which must be stored: a call of a campaign that does not exist is refused, not kept dangling.
    static func reference(_ field: String, _ hex: String?, exists: (ObjectId) async throws -> Bool) async throws -> ObjectId? {
        guard let hex else { return nil }
        guard let id = ObjectId(hex: hex) else { throw APIError.badArgs("\(field) must be a 24-hex-digit ObjectId") }
        guard try await exists(id) else { throw APIError(.unprocessable, "\(field) names no stored document (\(id.hex))") }
        return id
    }
}

import DialerCore
import DialerStore
import Foundation
import Hummingbird

/// Seed 001's call, recording, transcript and call-event reads, and the forward-only status change.
enum CallRoutes {
    static func routes(_ deps: APIDependencies) -> [APIRoute] {
        let store = deps.store
        let clock = deps.clock
        return [
            APIRoute(
                .get, "/api/db/calls", operationId: "listCalls", summary: "Calls, newest first, filtered and paginated", tag: "calls",
                scope: .read, parameters: CallFilterParameters.parameters + Pagination.parameters,
                success: .json(.ref("CallPage"), "one page of calls")
            ) { request in
                let page = try await store.listCalls(CallFilterParameters.filter(request), sort: .newestFirst, page: Pagination.request(request))
                return try APIJSON.response(PageReply(page))
            },
            APIRoute(
                .get, "/api/db/calls/{callSid}", operationId: "getCall", summary: "One call", tag: "calls", scope: .read,
                parameters: [CallLookup.parameter], success: .json(.ref("Call"), "the call")
            ) { request in
                try APIJSON.response(try await CallLookup.require(request.text("callSid"), in: store))
            },
            APIRoute(
                .put, "/api/db/calls/{callSid}/status", operationId: "updateCallStatus",
                summary: "Moves a call's status forward; a move backwards changes nothing and answers 409", tag: "calls", scope: .admin,
                parameters: [CallLookup.parameter], body: StatusChange.schema,
                success: .json(.ref("CallStatusChange"), "the call as it now stands"), errors: [.conflict]
            ) { request in
                let change = try request.decodeBody(StatusChange.self)
                let status = try change.callStatus()
                let call = try await CallLookup.require(request.text("callSid"), in: store)
                let key: CallKey = call.callSid.map(CallKey.callSid) ?? .attemptId(call.attemptId)
                switch try await store.advanceCall(key, to: status, fields: CallFields(), now: clock.now.date) {
                case .advanced(let updated): return try APIJSON.response(CallStatusChange(call: updated, changed: true))
                case .stale(let current) where current.status == status:
                    return try APIJSON.response(CallStatusChange(call: current, changed: false))
                case .stale(let current):
                    throw APIError(
                        .invalidTransition,
                        "call status moves forward only: it is \(current.status.rawValue), which \(status.rawValue) may not replace; nothing changed")
                case .notFound: throw APIError.notFound("no call with id \(APIParameter.quoted(try request.text("callSid")))")
                }
            },
            APIRoute(
                .get, "/api/db/calls/{callSid}/recordings", operationId: "listCallRecordings", summary: "A call's recordings",
                tag: "recordings", scope: .read, parameters: [CallLookup.parameter],
                success: .json(.array(.ref("Recording")), "the call's recordings, oldest first")
            ) { request in
                let call = try await CallLookup.require(request.text("callSid"), in: store)
                return try APIJSON.response(try await call.callSid.asyncMap { try await store.recordings(callSid: $0) } ?? [])
            },
            APIRoute(
                .get, "/api/db/calls/{callSid}/events", operationId: "listCallEvents", summary: "A call's events, in order",
                tag: "callEvents", scope: .read, parameters: [CallLookup.parameter],
                success: .json(.array(.ref("CallEvent")), "the call's events by timestamp")
            ) { request in
                let call = try await CallLookup.require(request.text("callSid"), in: store)
                let sid = call.callSid ?? call.conversationId ?? call.providerCallId
                return try APIJSON.response(try await sid.asyncMap { try await store.callEvents(callSid: $0) } ?? [])
            },
            APIRoute(
                .get, "/api/db/transcripts/{callSid}", operationId: "getTranscript", summary: "A call's transcript", tag: "transcripts",
                scope: .read, parameters: [CallLookup.parameter], success: .json(.ref("Transcript"), "the transcript")
            ) { request in
                let id = try request.text("callSid")
                let call = try await CallLookup.find(id, in: store)
                for sid in [id, call?.callSid, call?.conversationId].compactMap({ $0 }) {
                    if let transcript = try await store.transcript(callSid: sid) { return try APIJSON.response(transcript) }
                }
                throw APIError.notFound("no transcript for call \(APIParameter.quoted(id))")
            }
        ]
    }
}

/// The body of `PUT /api/db/calls/{callSid}/status`.
struct StatusChange: Decodable {
    var status: String

    static let schema = ObjectSchema().field("status", .enumeration(CallStatus.knownCases.map(\.rawValue))).closed

    func callStatus() throws(APIError) -> CallStatus {
        let parsed = CallStatus(raw: status)
        guard parsed.isKnown else {
            throw .badArgs(
                "status must be one of \(CallStatus.knownCases.map(\.rawValue).joined(separator: ", ")), got \(APIParameter.quoted(status))")
        }
        return parsed
    }
}

struct CallStatusChange: Encodable {
    var call: Call
    var changed: Bool
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

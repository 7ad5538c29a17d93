import DialerCore
import DialerStore

/// How a route's call id finds a call: a Twilio `callSid`, else the provider's own call id
/// (Bland), else an ElevenLabs conversation id, else our `attemptId`. Seed 001's `:callSid` and
/// seed 000's `{call_id}` both resolve through it, so a call without a Twilio SID is still found.
enum CallLookup {
    static func find(_ id: String, in store: any CallRecords) async throws -> Call? {
        for key: CallKey in [.callSid(id), .providerCallId(id), .conversationId(id), .attemptId(id)] {
            if let call = try await store.call(key) { return call }
        }
        return nil
    }

    static func require(_ id: String, in store: any CallRecords) async throws -> Call {
        guard let call = try await find(id, in: store) else { throw APIError.notFound("no call with id \(APIParameter.quoted(id))") }
        return call
    }

    static let parameter = APIParameter.path(
        "callSid", .text(maxLength: 128), "the call's Twilio callSid (or its provider call id, conversation id or attemptId)")
}

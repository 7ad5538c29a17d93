import DialerCore
import DialerStore

/// The ids a provider-wide callback names its call by. ElevenLabs sends every conversation in
/// the workspace to one webhook, and Bland every call of the account, so the attempt id in a
/// conversation's variables proves nothing: anyone who can start a conversation there can put
/// any attempt id in it. The provider's own id for the call (the conversation id, Bland's call
/// id) is what ties a callback to one of our calls; the attempt id only finds a call that has
/// no such id stored yet.
struct CallBinding: Sendable {
    /// Which stored id the provider's own id is.
    var kind: ProviderIdKind
    var providerId: String
    /// The Twilio call under the conversation, when the provider runs over Twilio.
    var callSid: String?
    var attemptId: String?

    var providerKey: CallKey {
        switch kind {
        case .callSid: .callSid(providerId)
        case .conversationId: .conversationId(providerId)
        case .providerCallId: .providerCallId(providerId)
        }
    }

    /// Every id the callback names, for the log.
    var keys: [CallKey] {
        [providerKey] + [callSid.map(CallKey.callSid), attemptId.map(CallKey.attemptId)].compactMap { $0 }
    }
}

/// Which of our calls a callback is about, decided before anything is written.
enum CallMatch: Sendable, Equatable {
    /// Update through this key. For a call not yet bound to a provider id it is
    /// `.unboundAttempt`, so binding and update are one store operation.
    case ours(CallKey)
    /// It names one of our calls, but that call is bound to other ids: a conversation someone
    /// else started. Acknowledged, nothing written.
    case foreign(reason: String)
    /// No call of ours is named at all (an inbound call, another agent's conversation).
    case unknown
}

extension CallBinding {
    /// - The stored provider id finds the call: ours, unless the call SID stored with it differs.
    /// - Otherwise a call found by its call SID, or else by the attempt id, is ours only while it
    ///   has no provider id stored: the create answer that carries it has not been stored yet
    ///   (a callback racing it) or was lost (the reconciler follows the call). The update then
    ///   binds the callback's ids to it, so a later conversation naming the same attempt is foreign.
    /// - A call found only by attempt id that already has a call SID must be named by that SID.
    func match(in store: any CallbackStore) async throws -> CallMatch {
        if let call = try await store.call(providerKey) {
            if let callSid, let stored = call.callSid, stored != callSid {
                return .foreign(reason: "the call stored with this \(kind.rawValue) has another call SID")
            }
            return .ours(providerKey)
        }
        var found: Call?
        if let callSid { found = try await store.call(.callSid(callSid)) }
        if found == nil, let attemptId, let byAttempt = try await store.call(.attemptId(attemptId)) {
            if let stored = byAttempt.callSid, stored != callSid {
                return .foreign(reason: "the attempt's call has another call SID")
            }
            found = byAttempt
        }
        guard let found else { return .unknown }
        if found.providerId(kind) != nil {
            return .foreign(reason: "the call is bound to another \(kind.rawValue)")
        }
        return .ours(.unboundAttempt(found.attemptId, unset: kind))
    }
}

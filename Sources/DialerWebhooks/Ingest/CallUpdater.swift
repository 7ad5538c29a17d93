import DialerCore
import DialerStore
import Foundation
import Logging

/// Finds the call a callback is about and moves it forward.
///
/// A callback may name the call by several ids (provider ids, our attempt id); the first that
/// finds a call wins. `identity` holds the provider's ids, written with the update so that a
/// call first found through its attempt id is found by its own ids afterwards. When the status
/// is already at or past the callback's (a repeat, or a late one), nothing else is written,
/// except any id the call still lacks.
struct CallUpdater: Sendable {
    let store: any CallbackStore
    let logger: Logger

    func update(keys: [CallKey], status: CallStatus?, fields: CallFields, identity: CallFields, now: Date) async throws -> CallAdvance {
        for key in keys {
            let merged = fields.merging(identity)
            let result = try await advance(key, status: status, fields: merged, now: now)
            switch result {
            case .notFound:
                continue
            case .advanced:
                return result
            case .stale(let call):
                let missing = identity.missing(from: call)
                guard !missing.isEmpty else { return result }
                switch try await advance(key, status: nil, fields: missing, now: now) {
                case .advanced(let filled): return .stale(filled)
                // An `.unboundAttempt` key stops matching once another callback bound the call.
                case .notFound: return .notFound
                case .stale: return result
                }
            }
        }
        return .notFound
    }

    /// A provider id already stored on another call breaks the unique index; the status still
    /// moves, and the conflict is logged for an operator instead of failing the callback forever.
    private func advance(_ key: CallKey, status: CallStatus?, fields: CallFields, now: Date) async throws -> CallAdvance {
        do {
            return try await store.advanceCall(key, to: status, fields: fields, now: now)
        } catch StoreError.duplicateKey(let collection, let index, _) where fields.hasIdentity {
            logger.error(
                "provider id already belongs to another call; updating without it",
                metadata: ["key": "\(key)", "collection": "\(collection)", "index": "\(index)"])
            return try await store.advanceCall(key, to: status, fields: fields.withoutIdentity, now: now)
        }
    }
}

extension CallFields {
    var isEmpty: Bool { self == CallFields() }

    var hasIdentity: Bool { callSid != nil || conversationId != nil || providerCallId != nil }

    var withoutIdentity: CallFields {
        var copy = self
        copy.callSid = nil
        copy.conversationId = nil
        copy.providerCallId = nil
        return copy
    }

    /// `self` with `other`'s provider ids added.
    func merging(_ other: CallFields) -> CallFields {
        var copy = self
        if let v = other.callSid { copy.callSid = v }
        if let v = other.conversationId { copy.conversationId = v }
        if let v = other.providerCallId { copy.providerCallId = v }
        return copy
    }

    /// The provider ids in `self` that `call` does not have yet.
    func missing(from call: Call) -> CallFields {
        var out = CallFields()
        if call.callSid == nil { out.callSid = callSid }
        if call.conversationId == nil { out.conversationId = conversationId }
        if call.providerCallId == nil { out.providerCallId = providerCallId }
        return out
    }
}

import DialerCore
import DialerStore
import Foundation
import Logging

/// Turns verified, parsed callbacks into store writes.
///
/// Every callback: the call is advanced first, then the event is appended. Both are
/// idempotent (status only moves forward; events are unique by key), so a callback that is
/// retried after a failure between the two writes completes the work instead of being
/// skipped as a duplicate. The listener hears of a call's end exactly once: only the update
/// that moved it to a terminal status returns `.advanced`.
struct WebhookIngest: Sendable {
    let store: any CallbackStore
    let notifier: CallEndNotifier
    /// Where a summary goes that came after its call's end was reported (the sheet mirror).
    let summarySink: (any CallSummarySink)?
    let clock: any WallClock
    let logger: Logger

    var updater: CallUpdater { CallUpdater(store: store, logger: logger) }

    /// Tells the engine when this update is the one that ended the call.
    func announceIfEnded(_ result: CallAdvance, status: CallStatus?) {
        guard status != nil, case .advanced(let call) = result, call.status.isTerminal else { return }
        notifier.notify(call)
    }

    /// The report of a call's end reads the transcript's summary when the end is applied, so a
    /// summary stored with the update that ends the call goes with it. One stored after an
    /// earlier update ended the call (the reconciler, another callback) is sent on its own.
    func passOnLateSummary(_ result: CallAdvance, summary: String?) {
        guard let summary, !summary.isEmpty, case .stale(let call) = result, call.status.isTerminal,
            let campaignId = call.campaignId, let contactId = call.contactId
        else { return }
        summarySink?.summaryArrived(CallSummaryEvent(campaignId: campaignId, contactId: contactId, attempt: call.attempt, summary: summary))
    }

    /// Updates the call a provider-wide callback names (see `CallBinding`); nil when the callback
    /// is foreign, and then nothing was written.
    func advance(
        _ binding: CallBinding, route: WebhookRoute, status: CallStatus?, fields: CallFields, identity: CallFields,
        now: Date
    ) async throws -> CallAdvance? {
        switch try await binding.match(in: store) {
        case .unknown:
            return .notFound
        case .foreign(let reason):
            logForeign(route, binding, reason: reason)
            return nil
        case .ours(let key):
            let result = try await updater.update(keys: [key], status: status, fields: fields, identity: identity, now: now)
            if case .notFound = result, case .unboundAttempt = key {
                logForeign(route, binding, reason: "the call was bound to another conversation meanwhile")
                return nil
            }
            return result
        }
    }

    private func logForeign(_ route: WebhookRoute, _ binding: CallBinding, reason: String) {
        logger.warning(
            "callback names one of our calls but is not about it; acknowledged, nothing stored",
            metadata: [
                "route": "\(route.rawValue)", "reason": "\(reason)",
                "ids": "\(binding.keys.map(\.description).joined(separator: ", "))"
            ])
    }

    func logUnknown(_ route: WebhookRoute, _ ids: [CallKey]) {
        logger.warning(
            "callback for a call we do not know; event stored, no call updated",
            metadata: ["route": "\(route.rawValue)", "ids": "\(ids.map(\.description).joined(separator: ", "))"])
    }
}

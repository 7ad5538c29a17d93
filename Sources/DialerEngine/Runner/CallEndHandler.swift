import DialerCore
import DialerStore
import Foundation
import Logging

/// Turns an ended call into the contact's next state, the campaign's stats and the contact's
/// summary fields. Idempotent: the claim is finished only by the attempt that made it, and the
/// stats move only when that succeeds, so a repeated end changes nothing.
public struct CallEndHandler: CallEndListener {
    private let deps: EngineDependencies
    /// Wakes the runner of the campaign so its freed slot is used at once.
    private let wake: @Sendable (ObjectId) -> Void

    public init(deps: EngineDependencies, wake: @escaping @Sendable (ObjectId) -> Void = { _ in }) {
        self.deps = deps
        self.wake = wake
    }

    /// Runs on the caller's executor: every step is a store operation, and a hop to the global
    /// executor and back cost more than the in-memory store's whole update.
    public nonisolated(nonsending) func callEnded(_ call: Call) async {
        guard call.status.isTerminal, let campaignId = call.campaignId, let contactId = call.contactId else { return }
        // The ids are formatted only when a line is logged (autoclosures): this runs for every call.
        let logger = deps.logger
        do {
            try await apply(call, campaignId: campaignId, contactId: contactId, logger: logger)
        } catch {
            logger.error(
                "could not record the end of a call; the reconciler will retry",
                metadata: Self.metadata(call, ["error": "\(error)"]))
        }
        wake(campaignId)
    }

    private nonisolated(nonsending) func apply(_ call: Call, campaignId: ObjectId, contactId: ObjectId, logger: Logger) async throws {
        let store = deps.store
        guard let campaign = try await store.campaignWithoutIdLists(id: campaignId) else { return }
        let now = deps.now
        let schedule = RetrySchedule(settings: campaign.settings, window: campaign.callingWindow ?? .usTCPA)
        let verdict = try await OutcomePolicy.verdict(for: call, schedule: schedule, now: now) {
            try await store.dialProgress(campaignId: campaignId, contactId: contactId)?.timeZone
        }
        let event = CallResultEvent(
            campaignId: campaignId, contactId: contactId, call: call, state: verdict.outcome.state, result: verdict.result)
        // Queued before the claim is finished, because a finished claim is never looked at again:
        // a crash between the two leaves the claim open, the reconciler reports the end again,
        // and the publisher keeps the event once (keyed by the call). A repeated end is queued
        // (and dropped as a duplicate) again, which costs one write.
        try await deps.events?.callEnded(event, campaign: campaign)
        guard
            try await store.finishClaim(
                campaignId: campaignId, contactId: contactId, attemptId: call.attemptId,
                outcome: verdict.outcome, now: now)
        else { return }
        try await store.incrementStats(campaignId: campaignId, verdict.stats, appendCallId: nil, now: now)
        try await store.setContactResult(contactId: contactId, lastCallResult: verdict.result, nextAttemptAt: verdict.outcome.nextAttemptAt, now: now)
        deps.resultSink?.callResulted(event)
        logger.info("call ended", metadata: Self.metadata(call, ["result": "\(verdict.result)", "next": "\(verdict.outcome.state.rawValue)"]))
    }

    private static func metadata(_ call: Call, _ extra: Logger.Metadata) -> Logger.Metadata {
        var metadata = extra
        metadata["campaignId"] = call.campaignId.map { .string($0.hex) }
        metadata["contactId"] = call.contactId.map { .string($0.hex) }
        metadata["attemptId"] = .string(call.attemptId)
        return metadata
    }
}

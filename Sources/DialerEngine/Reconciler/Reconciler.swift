import DialerCore
import DialerMetrics
import DialerStore
import DialerTelephony
import Foundation
import Logging
import ServiceLifecycle

/// Crash recovery. At start and then periodically:
/// - calls left non-terminal too long are looked up at the provider (by id, or by number and
///   start time when the create request's answer was lost) and finished properly;
/// - claims left `calling` with no call stored were never dialed (the attempt is written
///   before any provider request), so they are handed back.
/// A claim is released only once its attempt is known to be terminal.
///
/// Each pass pages through every stale call and claim: one left alone (still live, a provider
/// not answering) must not hide the ones behind it. A call that cannot be reconciled at all (no
/// provider configured for it, several provider calls it could be) ends once `giveUpAfter` has
/// passed: failed, with errorCode `unreconcilable` and the reason in errorMessage, so it stops
/// holding a concurrency slot and blocking completion. Its contact is not retried, since the
/// provider may have dialed it: the operator finds it by that code and decides.
public struct Reconciler: Service {
    private let deps: EngineDependencies
    private let listener: any CallEndListener
    private let metrics: EngineMetrics
    /// Stale documents read per store round trip.
    static let pageSize = 200
    /// Age after which a call nothing can reconcile is ended. An hour: every callback that could
    /// still end it has had its chance (the calls we place are minutes long; providers stop
    /// retrying callbacks within seconds), while a campaign loses a slot for no longer than that.
    public static let giveUpAfter: Double = 3600

    public init(deps: EngineDependencies, listener: any CallEndListener, metrics: EngineMetrics = DialerMetrics.disabled.engine) {
        self.deps = deps
        self.listener = listener
        self.metrics = metrics
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.reconcileOnce()
                try? await deps.clock.sleep(until: deps.now + deps.config.reconcileInterval.seconds)
            }
        }
    }

    public struct Report: Sendable, Equatable {
        public var finished = 0
        public var stillLive = 0
        public var notDialed = 0
        public var releasedClaims = 0
        /// Calls ended as `unreconcilable`.
        public var unreconcilable = 0
        /// Stale documents that could not be read as a call or a claim; logged and passed over.
        public var unreadable = 0
        public var errors = 0
    }

    @discardableResult
    public func reconcileOnce() async -> Report {
        var report = Report()
        let cutoff = deps.now - deps.config.reconcileAfter.seconds
        let store = deps.store
        await scan("calls", report: &report, page: { try await store.staleCalls(olderThan: cutoff, after: $0, limit: Self.pageSize) }) {
            await reconcile($0, report: &$1)
        }
        await scan("claims", report: &report, page: { try await store.staleClaims(olderThan: cutoff, after: $0, limit: Self.pageSize) }) {
            await release($0, report: &$1)
        }
        record(report)
        return report
    }

    /// Every page of one stale scan, in order. Ends when a page names no next one, or (defensively)
    /// when its cursor does not move forward, so a pass always ends.
    private func scan<T: Sendable>(
        _ name: String, report: inout Report, page fetch: (ScanCursor?) async throws -> ScanPage<T>,
        each handle: (T, inout Report) async -> Void
    ) async {
        var cursor: ScanCursor?
        do {
            while !Task.isCancelled {
                let page = try await fetch(cursor)
                for item in page.items { await handle(item, &report) }
                for document in page.unreadable {
                    report.unreadable += 1
                    deps.logger.error("stale document cannot be read; passed over until fixed", metadata: ["document": "\(document)"])
                }
                guard let next = page.next, cursor.map({ next > $0 }) ?? true else { return }
                cursor = next
            }
        } catch {
            report.errors += 1
            deps.logger.error("reconciliation scan failed", metadata: ["scan": "\(name)", "error": "\(error)"])
        }
    }

    private func record(_ report: Report) {
        metrics.reconciled(.finished, count: report.finished)
        metrics.reconciled(.stillLive, count: report.stillLive)
        metrics.reconciled(.notDialed, count: report.notDialed)
        metrics.reconciled(.releasedClaim, count: report.releasedClaims)
        metrics.reconciled(.unreconcilable, count: report.unreconcilable)
        metrics.reconciled(.unreadable, count: report.unreadable)
        metrics.reconciled(.error, count: report.errors)
    }

    private func logger(for call: Call) -> Logger {
        var logger = deps.logger
        logger[metadataKey: "campaignId"] = "\(call.campaignId?.hex ?? "-")"
        logger[metadataKey: "contactId"] = "\(call.contactId?.hex ?? "-")"
        logger[metadataKey: "attemptId"] = "\(call.attemptId)"
        return logger
    }

    private func reconcile(_ call: Call, report: inout Report) async {
        let logger = logger(for: call)
        guard let provider = deps.providers.provider(for: call.provider) else {
            await cannotReconcile(
                call, because: "no \(call.provider.rawValue) provider is configured to look it up", report: &report,
                logger: logger)
            return
        }
        let ids = ProviderCallIds(callSid: call.callSid, conversationId: call.conversationId, providerCallId: call.providerCallId)
        do {
            let snapshot: ProviderCallSnapshot?
            if ids.isEmpty {
                let search = CallSearch(to: call.to, startedAfter: call.createdAt - 60, startedBefore: call.createdAt + 600, agentId: call.agentId)
                let found = try await provider.findCalls(search)
                // Calls to the same number that another stored attempt already owns are not this one.
                var unclaimed: [ProviderCallSnapshot] = []
                for candidate in found where try await !isOwnedByAnotherAttempt(candidate, call) { unclaimed.append(candidate) }
                if let exact = unclaimed.first(where: { $0.attemptId == call.attemptId }) {
                    snapshot = exact
                } else if unclaimed.count > 1 {
                    let candidates = unclaimed.map { "\($0.ids)" }.joined(separator: ", ")
                    await cannotReconcile(
                        call, because: "\(unclaimed.count) provider calls to \(call.to) could be it: \(candidates)",
                        report: &report, logger: logger)
                    return
                } else {
                    snapshot = unclaimed.first
                }
            } else {
                snapshot = try await provider.fetchCall(ids)
            }
            guard let snapshot else {
                // The provider never saw it: we stopped between storing the attempt and sending it.
                // The attempt is withdrawn, as if never made, and the contact is due again.
                try await withdraw(call)
                report.notDialed += 1
                logger.warning("attempt unknown to the provider; withdrawn as not placed")
                return
            }
            var fields = CallFields(
                callSid: snapshot.ids.callSid, conversationId: snapshot.ids.conversationId,
                providerCallId: snapshot.ids.providerCallId, startTime: snapshot.startTime, endTime: snapshot.endTime,
                duration: snapshot.duration, answeredBy: snapshot.answeredBy, price: snapshot.price,
                priceUnit: snapshot.priceUnit)
            if snapshot.status.isTerminal {
                fields.needsReconciliation = false
                try await finish(call, status: snapshot.status, fields: fields)
                report.finished += 1
                logger.info("finished from the provider's record", metadata: ["status": "\(snapshot.status)"])
            } else {
                _ = try await deps.store.advanceCall(.attemptId(call.attemptId), to: snapshot.status, fields: fields, now: deps.now)
                report.stillLive += 1
            }
        } catch {
            report.errors += 1
            logger.warning("reconciliation deferred", metadata: ["error": "\(error)"])
        }
    }

    /// Leaves the call for later while it is younger than `giveUpAfter`; then ends it failed as
    /// `unreconcilable`, which finishes its contact without a retry (see `OutcomePolicy`).
    private func cannotReconcile(_ call: Call, because reason: String, report: inout Report, logger: Logger) async {
        let now = deps.now
        guard now.timeIntervalSince(call.createdAt) >= Self.giveUpAfter else {
            report.errors += 1
            logger.warning(
                "call cannot be reconciled yet", metadata: ["reason": "\(reason)", "endsUnreconciledAt": "\(call.createdAt + Self.giveUpAfter)"])
            return
        }
        let message = "not reconciled: \(reason). It may have been dialed, so its contact is not retried; check it with the provider"
        let fields = CallFields(endTime: now, errorCode: OutcomePolicy.unreconcilable, errorMessage: message, needsReconciliation: false)
        do {
            try await finish(call, status: .failed, fields: fields)
            report.unreconcilable += 1
            logger.error("call ended as unreconcilable; its contact is left for an operator", metadata: ["reason": "\(reason)"])
        } catch {
            report.errors += 1
            logger.warning("reconciliation deferred", metadata: ["error": "\(error)"])
        }
    }

    private func isOwnedByAnotherAttempt(_ snapshot: ProviderCallSnapshot, _ call: Call) async throws -> Bool {
        let keys: [CallKey] = [
            snapshot.ids.callSid.map(CallKey.callSid), snapshot.ids.conversationId.map(CallKey.conversationId),
            snapshot.ids.providerCallId.map(CallKey.providerCallId)
        ].compactMap { $0 }
        for key in keys {
            if let owner = try await deps.store.call(key), owner.attemptId != call.attemptId { return true }
        }
        return false
    }

    private func withdraw(_ call: Call) async throws {
        let now = deps.now
        guard
            case .advanced = try await deps.store.advanceCall(
                .attemptId(call.attemptId), to: .canceled,
                fields: CallFields(endTime: now, outcome: "not-placed", errorMessage: "the provider has no record of this attempt"), now: now),
            let campaignId = call.campaignId, let contactId = call.contactId, let callId = call.id
        else { return }
        try await deps.store.withdrawCall(campaignId: campaignId, contactId: contactId, callId: callId, now: now)
        let claim = try await deps.store.dialProgress(campaignId: campaignId, contactId: contactId)
        let state = DialState.givenBack(attempts: claim?.attempts ?? 1)
        _ = try await deps.store.finishClaim(
            campaignId: campaignId, contactId: contactId, attemptId: call.attemptId,
            outcome: DialOutcome(state: state, nextAttemptAt: now, attemptsDelta: -1), now: now)
    }

    private func finish(_ call: Call, status: CallStatus, fields: CallFields) async throws {
        switch try await deps.store.advanceCall(.attemptId(call.attemptId), to: status, fields: fields, now: deps.now) {
        case .advanced(let ended), .stale(let ended):
            if ended.status.isTerminal { await listener.callEnded(ended) }
        case .notFound:
            break
        }
    }

    private func release(_ claim: DialProgress, report: inout Report) async {
        guard let attemptId = claim.currentAttemptId else { return }
        do {
            // A runner may still hold this claim, waiting for a CPS slot. The fence, a not-placed call
            // under the attempt's ids, is inserted before the claim is released: the unique indexes let
            // exactly one of the fence and the runner's own attempt-first insert succeed.
            guard try await fence(claim, attemptId: attemptId) else {
                // The call exists: its end (webhook or the scan above) releases the claim.
                if let call = try await deps.store.call(.attemptId(attemptId)), call.status.isTerminal { await listener.callEnded(call) }
                return
            }
            if let callId = claim.currentCallId {
                try await deps.store.withdrawCall(campaignId: claim.campaignId, contactId: claim.contactId, callId: callId, now: deps.now)
            }
            let state = DialState.givenBack(attempts: claim.attempts)
            if try await deps.store.finishClaim(
                campaignId: claim.campaignId, contactId: claim.contactId, attemptId: attemptId,
                outcome: DialOutcome(state: state, nextAttemptAt: claim.nextAttemptAt, attemptsDelta: -1),
                now: deps.now)
            {
                report.releasedClaims += 1
                deps.logger.info(
                    "released a claim that was never dialed",
                    metadata: ["campaignId": "\(claim.campaignId)", "contactId": "\(claim.contactId)", "attemptId": "\(attemptId)"])
            }
        } catch {
            report.errors += 1
        }
    }

    /// Stores the released attempt as a call that was never placed; false when the runner stored it first.
    private func fence(_ claim: DialProgress, attemptId: String) async throws -> Bool {
        let now = deps.now
        let provider = try await deps.store.campaignWithoutIdLists(id: claim.campaignId)?.provider ?? .twilio
        var call = Call(
            id: claim.currentCallId, attemptId: attemptId, provider: provider, attempt: claim.attempts, status: .canceled,
            from: nil, to: claim.phoneNumber, campaignId: claim.campaignId, contactId: claim.contactId, now: now)
        call.endTime = now
        call.outcome = "not-placed"
        call.errorMessage = "claim released by the reconciler: no call was stored for it within reconcileAfter"
        do {
            _ = try await deps.store.insertCall(call)
            return true
        } catch StoreError.duplicateKey {
            return false
        }
    }
}

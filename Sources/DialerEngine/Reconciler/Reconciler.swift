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
public struct Reconciler: Service {
    private let deps: EngineDependencies
    private let listener: any CallEndListener
    private let metrics: EngineMetrics

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
        public var errors = 0
    }

    @discardableResult
    public func reconcileOnce() async -> Report {
        var report = Report()
        let cutoff = deps.now - deps.config.reconcileAfter.seconds
        do {
            for call in try await deps.store.staleCalls(olderThan: cutoff, limit: 200) {
                await reconcile(call, report: &report)
            }
            for claim in try await deps.store.staleClaims(olderThan: cutoff, limit: 200) {
                await release(claim, report: &report)
            }
        } catch {
            report.errors += 1
            deps.logger.error("reconciliation scan failed", metadata: ["error": "\(error)"])
        }
        record(report)
        return report
    }

    private func record(_ report: Report) {
        metrics.reconciled(.finished, count: report.finished)
        metrics.reconciled(.stillLive, count: report.stillLive)
        metrics.reconciled(.notDialed, count: report.notDialed)
        metrics.reconciled(.releasedClaim, count: report.releasedClaims)
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
            report.errors += 1
            logger.error("no provider configured to reconcile this call", metadata: ["provider": "\(call.provider)"])
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
                    report.errors += 1
                    logger.warning("several unmatched provider calls to this number; left for an operator", metadata: ["candidates": "\(unclaimed.count)"])
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
            var fields = CallFields(callSid: snapshot.ids.callSid, conversationId: snapshot.ids.conversationId,
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

    private func isOwnedByAnotherAttempt(_ snapshot: ProviderCallSnapshot, _ call: Call) async throws -> Bool {
        let keys: [CallKey] = [snapshot.ids.callSid.map(CallKey.callSid), snapshot.ids.conversationId.map(CallKey.conversationId),
                               snapshot.ids.providerCallId.map(CallKey.providerCallId)].compactMap { $0 }
        for key in keys {
            if let owner = try await deps.store.call(key), owner.attemptId != call.attemptId { return true }
        }
        return false
    }

    private func withdraw(_ call: Call) async throws {
        let now = deps.now
        guard case .advanced = try await deps.store.advanceCall(
            .attemptId(call.attemptId), to: .canceled,
            fields: CallFields(endTime: now, outcome: "not-placed", errorMessage: "the provider has no record of this attempt"), now: now),
            let campaignId = call.campaignId, let contactId = call.contactId, let callId = call.id else { return }
        try await deps.store.withdrawCall(campaignId: campaignId, contactId: contactId, callId: callId, now: now)
        let claim = try await deps.store.dialProgress(campaignId: campaignId, contactId: contactId)
        let state: DialState = (claim?.attempts ?? 1) > 1 ? .retry : .pending
        _ = try await deps.store.finishClaim(campaignId: campaignId, contactId: contactId, attemptId: call.attemptId,
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
            if let call = try await deps.store.call(.attemptId(attemptId)) {
                // The call exists: its end (webhook or the scan above) releases the claim.
                if call.status.isTerminal { await listener.callEnded(call) }
                return
            }
            if let callId = claim.currentCallId {
                try await deps.store.withdrawCall(campaignId: claim.campaignId, contactId: claim.contactId, callId: callId, now: deps.now)
            }
            let state: DialState = claim.attempts > 1 ? .retry : .pending
            if try await deps.store.finishClaim(campaignId: claim.campaignId, contactId: claim.contactId, attemptId: attemptId,
                                                outcome: DialOutcome(state: state, nextAttemptAt: claim.nextAttemptAt, attemptsDelta: -1),
                                                now: deps.now) {
                report.releasedClaims += 1
                deps.logger.info("released a claim that was never dialed",
                                 metadata: ["campaignId": "\(claim.campaignId)", "contactId": "\(claim.contactId)", "attemptId": "\(attemptId)"])
            }
        } catch {
            report.errors += 1
        }
    }
}

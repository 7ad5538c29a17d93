import DialerCore
import DialerStore
import DialerTelephony
import Foundation
import Logging

/// Dials one campaign, one step at a time. `step(now:)` is the whole dispatch policy: pacing
/// (`callDelay`), concurrency counted in the database, calling windows, the CPS slot, the
/// pause gate, attempt-first insert and the provider request. The scheduler loops it; tests
/// call it directly with chosen times.
public actor CampaignRunner {
    public let campaignId: ObjectId
    private let deps: EngineDependencies
    private let endHandler: CallEndHandler
    /// As leased, then as each `admitCall` returns it: from the first call on, without its id lists,
    /// which only `prepare` reads, and it runs first.
    private var campaign: Campaign
    private var lastStart: Date?
    /// Zones of contacts still to dial; narrowed as the campaign goes.
    private var zoneKeys: [String] = []
    private var windows: WindowCache
    /// Whether the next step waits for its CPS slot before claiming. The wait has no bound, and a
    /// claim held through it could outlive `reconcileAfter` (the reconciler then fences and frees
    /// it: with a low cap and many campaigns, every claim) or the callee's window. But a slot that
    /// finds nothing to claim is lost to every campaign, so after a step that found nothing, the
    /// next one claims first.
    private var slotFirst = true
    private var logger: Logger

    public init(campaign: Campaign, deps: EngineDependencies, endHandler: CallEndHandler) {
        self.campaignId = campaign.id!
        self.campaign = campaign
        self.deps = deps
        self.endHandler = endHandler
        self.windows = WindowCache(window: campaign.callingWindow ?? .usTCPA)
        var logger = deps.logger
        logger[metadataKey: "campaignId"] = "\(campaign.id!)"
        self.logger = logger
    }

    private var store: any EngineStore { deps.store }
    private var window: CallingWindow { campaign.callingWindow ?? .usTCPA }

    /// Enrolls member contacts and records `totalContacts`. Run each time the campaign is picked up,
    /// so contacts added since are dialed too.
    public func prepare(now: Date) async throws {
        let enrolled = try await Enrollment.enrollMembers(of: campaign, store: store, now: now)
        try await store.setTotalContacts(id: campaignId, enrolled.members, now: now)
        zoneKeys = try await store.pendingTimeZones(campaignId: campaignId).compactMap { $0 }
        logger.info("campaign prepared", metadata: ["members": "\(enrolled.members)", "newlyEnrolled": "\(enrolled.created)"])
    }

    public func step(now: Date) async throws -> StepResult {
        let settings = campaign.settings
        if let lastStart {
            let next = lastStart.addingTimeInterval(Double(settings.callDelay) / 1000)
            if next > now { return .wait(until: next) }
        }
        let inFlight = try await store.countInFlightCalls(campaignId: campaignId)
        if inFlight >= settings.maxConcurrentCalls { return .waitForCalls(until: now + deps.config.pollInterval.seconds) }
        guard zoneKeys.contains(where: { windows.isOpen($0, at: now) }) else {
            self.slotFirst = false
            return try await idle(now: now, inFlight: inFlight)
        }
        let attemptId = AttemptID.make()
        // A pre-dial check must come before the slot, so a contact it skips never costs carrier capacity:
        // such a campaign always claims first, and holds the claim through the (bounded) check and the slot.
        let check = settings.preDialCheck
        let slotFirst = self.slotFirst && check == nil
        if slotFirst { try await deps.limiter.acquire() }
        // Tests step at chosen times; in service `now` is the clock's, and the slot may come later.
        let start = max(now, deps.now)
        let open = zoneKeys.filter { windows.isOpen($0, at: start) }
        let claimed =
            open.isEmpty
            ? nil
            : try await store.claimNextContact(
                ClaimRequest(
                    campaignId: campaignId, owner: deps.config.instanceId, attemptId: attemptId, callId: ObjectId(), now: start,
                    openTimeZones: open))
        guard let progress = claimed else {
            self.slotFirst = false
            return try await idle(now: start, inFlight: inFlight)
        }
        if slotFirst { return try await dial(progress, attemptId: attemptId, now: start) }
        if let check {
            switch try await preDial(check, progress: progress, attemptId: attemptId) {
            case .dial: break
            case .skipped: return .wait(until: deps.now)
            case .paused: return .finished(.notDialable)
            }
        }
        // The claim came first, after an idle spell: the slot is awaited with the claim held, and the
        // claim is dialed only if the callee's window is still open (the reconciler's fence covers
        // a wait longer than `reconcileAfter`).
        self.slotFirst = true
        try await deps.limiter.acquire()
        let granted = max(start, deps.now)
        if let zone = progress.timeZone, !windows.isOpen(zone, at: granted) {
            try await giveBack(progress, attemptId: attemptId, retryAt: nil, now: granted)
            logger.info(
                "calling window closed while waiting for a CPS slot; claim given back",
                metadata: ["contactId": "\(progress.contactId)", "attemptId": "\(attemptId)"])
            return .wait(until: granted)
        }
        return try await dial(progress, attemptId: attemptId, now: granted)
    }

    private enum PreDialDecision { case dial, skipped, paused }

    /// Asks the campaign's pre-dial check about a claimed contact. A no, or a failure under the `skip` policy,
    /// finishes the claim as `skipped` with the reason, not counted as an attempt. No secret to sign with: the
    /// claim is given back and the campaign paused, since every contact would be skipped alike.
    private func preDial(_ check: PreDialCheck, progress: DialProgress, attemptId: String) async throws -> PreDialDecision {
        let logger = callLogger(progress.contactId, attemptId)
        guard let checker = deps.preDial else {
            let reason = "settings.preDialCheck is set, but dialerd has no preDialSecret to sign the check with"
            _ = try await store.pauseCampaigns(.campaign(campaignId), reason: reason, now: deps.now)
            try await giveBack(progress, attemptId: attemptId, retryAt: nil, now: deps.now)
            logger.error("pre-dial check cannot be signed; campaign paused", metadata: ["reason": "\(reason)"])
            return .paused
        }
        let question = PreDialQuestion(campaignId: campaignId, contactId: progress.contactId, attemptId: attemptId, check: check)
        let verdict = await checker.check(question)
        let skipReason: String
        switch verdict {
        case .eligible:
            return .dial
        case .notEligible(let reason):
            skipReason = reason
        case .failed(let reason) where check.preDialFailure == .dial:
            logger.warning("pre-dial check failed; dialing as the campaign's policy says", metadata: ["reason": "\(reason)"])
            return .dial
        case .failed(let reason):
            skipReason = "pre-dial check failed: " + reason
        }
        _ = try await store.finishClaim(
            campaignId: campaignId, contactId: progress.contactId, attemptId: attemptId,
            outcome: DialOutcome(state: .skipped, skipReason: skipReason, attemptsDelta: -1), now: deps.now)
        logger.info("contact skipped by the pre-dial check", metadata: ["reason": "\(skipReason)"])
        return .skipped
    }

    /// Nothing claimable: finished, waiting for live calls, or asleep until a retry or a window opening.
    private func idle(now: Date, inFlight: Int) async throws -> StepResult {
        let counts = try await store.dialStateCounts(campaignId: campaignId)
        let waiting = DialState.claimable.reduce(0) { $0 + counts[$1, default: 0] }
        let calling = counts[.calling, default: 0]
        if waiting == 0 && calling == 0 && inFlight == 0 { return .finished(.completed) }
        let fallback = now + deps.config.pollInterval.seconds
        var wake: [Date] = []
        if waiting > 0 {
            zoneKeys = try await store.pendingTimeZones(campaignId: campaignId).compactMap { $0 }
            if let retry = try await store.earliestRetry(campaignId: campaignId), retry > now { wake.append(retry) }
            wake += zoneKeys.filter { !windows.isOpen($0, at: now) }.compactMap { window.nextOpening(after: now, zoneKey: $0) }
        }
        let next = max(wake.min() ?? fallback, now.addingTimeInterval(0.01))
        if calling > 0 || inFlight > 0 { return .waitForCalls(until: min(next, fallback)) }
        return .wait(until: next)
    }

    private func dial(_ progress: DialProgress, attemptId: String, now: Date) async throws -> StepResult {
        let callId = progress.currentCallId ?? ObjectId()
        guard let contact = try await store.beginContactCall(contactId: progress.contactId, callId: callId, at: now) else {
            _ = try await store.finishClaim(
                campaignId: campaignId, contactId: progress.contactId, attemptId: attemptId,
                outcome: DialOutcome(state: .skipped, skipReason: "contact is no longer active", attemptsDelta: -1),
                now: now)
            return .wait(until: now)
        }
        if let entry = try await store.activeSuppression(phoneNumber: contact.phoneNumber) {
            try await skipSuppressed(progress, callId: callId, attemptId: attemptId, entry: entry, now: now)
            return .wait(until: now)
        }
        let start = deps.now
        guard let admitted = try await store.admitCall(campaignId: campaignId, owner: deps.config.instanceId, callId: callId, now: start) else {
            try await store.withdrawCall(campaignId: campaignId, contactId: progress.contactId, callId: callId, now: start)
            try await giveBack(progress, attemptId: attemptId, retryAt: nil, now: start)
            logger.info(
                "campaign no longer dialable here (paused, stopped or lease lost)",
                metadata: ["contactId": "\(progress.contactId)", "attemptId": "\(attemptId)"])
            return .finished(.notDialable)
        }
        campaign = admitted
        windows.update(window: window)
        let kind = admitted.provider ?? .twilio
        var call = Call(
            id: callId, attemptId: attemptId, provider: kind, attempt: progress.attempts, from: admitted.callerId,
            to: contact.phoneNumber, campaignId: campaignId, contactId: progress.contactId, agentId: admitted.agentId,
            contactName: contact.name, now: start)
        call.metadata = ["instanceId": .string(deps.config.instanceId)]
        do {
            _ = try await store.insertCall(call)
        } catch StoreError.duplicateKey {
            // The reconciler fenced this attempt (it stores a not-placed call under the claim's ids
            // before it releases a claim it found stale: this instance stalled past `reconcileAfter`),
            // so the claim is no longer ours: undo this attempt's counts and dial nothing.
            try await store.withdrawCall(campaignId: campaignId, contactId: progress.contactId, callId: callId, now: start)
            logger.warning(
                "claim released by the reconciler before it was dialed; not dialed",
                metadata: ["contactId": "\(progress.contactId)", "attemptId": "\(attemptId)"])
            return .wait(until: deps.now)
        }
        let attempt = Attempt(progress: progress, attemptId: attemptId, callId: callId, provider: kind)
        guard let provider = deps.providers.provider(for: kind) else {
            // A deployment without this provider's credentials could dial none of the campaign's contacts.
            let missing = ProviderError.accountLevel(scope: .campaign, code: "no-provider", message: "no \(kind.rawValue) provider is configured")
            try await pause(for: missing, attempt, logger: callLogger(progress.contactId, attemptId))
            return .finished(.notDialable)
        }
        let request = PlaceCallRequest(
            attemptId: attemptId, campaignId: campaignId.hex, contactId: progress.contactId.hex, to: contact.phoneNumber,
            from: admitted.callerId, contactName: contact.name, customFields: contact.customFields, agentId: admitted.agentId,
            agentPhoneNumberId: admitted.agentPhoneNumberId, prompt: admitted.prompt, firstMessage: admitted.firstMessage,
            callbackBaseURL: deps.config.callbackBaseURL, contactEmail: contact.email
        ).with(admitted.settings)
        // callDelay is the gap between provider requests, so it is measured from here.
        lastStart = deps.now
        let placed: PlacedCall
        do {
            placed = try await provider.placeCall(request)
        } catch {
            return try await handle(error, attempt, logger: callLogger(progress.contactId, attemptId))
        }
        let ids = CallFields(callSid: placed.ids.callSid, conversationId: placed.ids.conversationId, providerCallId: placed.ids.providerCallId)
        do {
            _ = try await store.advanceCall(.attemptId(attemptId), to: nil, fields: ids, now: deps.now)
        } catch StoreError.duplicateKey {
            // The provider says it placed the call, under an id another attempt holds. It may be
            // ringing, but nothing can follow it: it ends here, and the contact is not retried, so
            // it is neither dialed twice nor left in "calling".
            try await fail(
                attemptId, code: OutcomePolicy.providerIdConflict,
                message: "the provider accepted the call as \(placed.ids), an id another call already has",
                logger: callLogger(progress.contactId, attemptId), logAs: "call accepted under another call's id; not followed, not retried")
        }
        logger.debug("call placed", metadata: ["contactId": "\(progress.contactId)", "attemptId": "\(attemptId)", "ids": "\(placed.ids)"])
        return .placed(attemptId: attemptId)
    }

    /// Built only on the paths that log: formatting ids for every placed call costs more than the call's store work.
    private func callLogger(_ contactId: ObjectId, _ attemptId: String) -> Logger {
        var callLogger = logger
        callLogger[metadataKey: "contactId"] = "\(contactId)"
        callLogger[metadataKey: "attemptId"] = "\(attemptId)"
        return callLogger
    }

    private func handle(_ error: ProviderError, _ attempt: Attempt, logger: Logger) async throws -> StepResult {
        let now = deps.now
        let attemptId = attempt.attemptId
        switch error {
        case .permanent(let code, let message):
            try await fail(attemptId, code: code, message: message, logger: logger)
            return .placed(attemptId: attemptId)
        case .accountLevel:
            try await pause(for: error, attempt, logger: logger)
            return .finished(.notDialable)
        case .retryable(let code, let message, let retryAfter):
            // Nothing was dialed: the attempt is withdrawn, not counted, and tried again later.
            let retryAt = now.addingTimeInterval(max(retryAfter?.seconds ?? 0, 1))
            try await withdraw(attempt, code: code, message: message, retryAt: retryAt, now: now)
            logger.warning("provider refused the call for now; backing off", metadata: ["code": "\(code)", "until": "\(retryAt)"])
            return .wait(until: retryAt)
        case .outcomeUnknown(let message):
            // Never re-dial blind: the reconciler asks the provider what became of it.
            _ = try await store.advanceCall(
                .attemptId(attemptId), to: nil,
                fields: CallFields(errorMessage: message, needsReconciliation: true), now: now)
            logger.warning("provider outcome unknown; left for reconciliation", metadata: ["reason": "\(message)"])
            return .placed(attemptId: attemptId)
        }
    }

    /// The account or the campaign's configuration is wrong, so every contact would fail alike: the campaign is
    /// paused, and for an account error every campaign on the provider account, before this attempt is undone,
    /// so other instances stop at their next admission (which requires `active`) as soon as possible. The
    /// contact is given back untouched: not counted as an attempt, not failed, dialed after the resume.
    private func pause(for error: ProviderError, _ attempt: Attempt, logger: Logger) async throws {
        guard case .accountLevel(let scope, let code, let message) = error else { return }
        let now = deps.now
        let provider = attempt.provider.rawValue
        let paused = try await store.pauseCampaigns(.campaign(campaignId), reason: "\(provider) \(code): \(message)", now: now)
        var others = 0
        if scope == .account {
            let reason = "\(provider) account error \(code) on campaign \(campaignId.hex): \(message)"
            others = try await store.pauseCampaigns(.provider(attempt.provider), reason: reason, now: now)
        }
        try await withdraw(attempt, code: code, message: message, retryAt: nil, now: now)
        logger.error(
            "provider refused the call for a reason no contact can fix; campaign paused",
            metadata: [
                "code": "\(code)", "scope": "\(scope.rawValue)", "reason": "\(message)", "paused": "\(paused)",
                "otherCampaignsPaused": "\(others)"
            ])
    }

    /// Undoes an attempt the provider refused before dialing: its call stays as a record, `not-placed`; the
    /// admission and the contact's call are withdrawn; the claim is given back, due at `retryAt`.
    private func withdraw(_ attempt: Attempt, code: String, message: String, retryAt: Date?, now: Date) async throws {
        _ = try await store.advanceCall(
            .attemptId(attempt.attemptId), to: .canceled,
            fields: CallFields(outcome: "not-placed", errorCode: code, errorMessage: message), now: now)
        try await store.withdrawCall(campaignId: campaignId, contactId: attempt.progress.contactId, callId: attempt.callId, now: now)
        try await giveBack(attempt.progress, attemptId: attempt.attemptId, retryAt: retryAt, now: now)
    }

    private func fail(
        _ attemptId: String, code: String, message: String, logger: Logger,
        logAs line: Logger.Message = "provider rejected the call"
    ) async throws {
        let result = try await store.advanceCall(
            .attemptId(attemptId), to: .failed,
            fields: CallFields(endTime: deps.now, errorCode: code, errorMessage: message), now: deps.now)
        logger.warning(line, metadata: ["code": "\(code)", "reason": "\(message)"])
        if case .advanced(let call) = result { await endHandler.callEnded(call) }
    }

    /// The suppression list is read here, after the claim and after `beginContactCall` has passed the
    /// contact's do-not-call check and returned the number that would be dialed, and before the call
    /// is admitted or the provider asked. So every suppression whose write was acknowledged before
    /// this read (by any instance: the list is in the shared database, read from the primary) stops
    /// this attempt, and one added while a campaign runs stops its next claim. One acknowledged
    /// later than this read can only miss an attempt already past it: the read is the last gate,
    /// as the campaign's `status` in `admitCall` is for a pause.
    private func skipSuppressed(_ progress: DialProgress, callId: ObjectId, attemptId: String, entry: Suppression, now: Date) async throws {
        // Undoes `beginContactCall` only (the call id is not in the campaign's `callIds` yet).
        try await store.withdrawCall(campaignId: campaignId, contactId: progress.contactId, callId: callId, now: now)
        _ = try await store.finishClaim(
            campaignId: campaignId, contactId: progress.contactId, attemptId: attemptId,
            outcome: DialOutcome(state: .skipped, skipReason: DialProgress.suppressedReason, attemptsDelta: -1),
            now: now)
        logger.info(
            "number is on the suppression list; skipped",
            metadata: ["contactId": "\(progress.contactId)", "attemptId": "\(attemptId)", "source": "\(entry.source)"])
    }

    /// Returns a claim that was not dialed, as if it had never been made.
    private func giveBack(_ progress: DialProgress, attemptId: String, retryAt: Date?, now: Date) async throws {
        let state = DialState.givenBack(attempts: progress.attempts)
        _ = try await store.finishClaim(
            campaignId: campaignId, contactId: progress.contactId, attemptId: attemptId,
            outcome: DialOutcome(state: state, nextAttemptAt: retryAt ?? progress.nextAttemptAt, attemptsDelta: -1),
            now: now)
    }
}

/// One admitted attempt, as the provider's answer is handled.
private struct Attempt {
    let progress: DialProgress
    let attemptId: String
    let callId: ObjectId
    let provider: ProviderKind
}

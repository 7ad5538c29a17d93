import DialerCore
import DialerEngine
import DialerStore
import DialerTelephony
import Foundation
import Testing

/// A CPS limiter that holds every caller until the test lets one through.
actor GateLimiter: CallRateLimiter {
    private var waiting: [CheckedContinuation<Void, Never>] = []
    var waitingCount: Int { waiting.count }

    func acquire() async throws {
        await withCheckedContinuation { waiting.append($0) }
    }

    func releaseOne() {
        if !waiting.isEmpty { waiting.removeFirst().resume() }
    }
}

@Suite("Engine: operator actions, leases, crash recovery") struct OperatorAndLeaseTests {
    let t0 = EngineHarness.t0

    func operations(_ h: EngineHarness) -> CampaignOperations {
        CampaignOperations(store: h.store, providers: ProviderRegistry([h.provider]), clock: h.clock)
    }

    @Test func pauseStopsTheNextClaimAndResumeContinues() async throws {
        let h = try await EngineHarness(contacts: 4)
        let runner = try await h.runner()
        guard case .placed = try await runner.step(now: t0) else {
            Issue.record("not placed")
            return
        }
        try await operations(h).pause(h.campaignId)
        #expect(try await runner.step(now: t0) == .finished(.notDialable))
        #expect(await h.provider.placeRequests.count == 1)
        #expect(try await h.progress().filter { $0.state == .calling }.count == 1, "the given-back claim is pending again")
        try await operations(h).resume(h.campaignId)
        guard case .placed = try await runner.step(now: t0) else {
            Issue.record("not placed after resume")
            return
        }
        #expect(await h.provider.placeRequests.count == 2)
    }

    @Test func aPauseWhileACallWaitsForItsCPSSlotWins() async throws {
        let gate = GateLimiter()
        let h = try await EngineHarness(contacts: 2, limiter: gate)
        let runner = try await h.runner()
        let step = Task { try await runner.step(now: t0) }
        while await gate.waitingCount == 0 { await Task.yield() }
        try await operations(h).pause(h.campaignId)
        await gate.releaseOne()
        #expect(try await step.value == .finished(.notDialable))
        #expect(await h.provider.placeRequests.isEmpty)
        #expect(try await h.progress().allSatisfy { $0.state == .pending && $0.attempts == 0 })
        #expect(try await h.store.countCalls(CallFilter(campaignId: h.campaignId)) == 0)
    }

    @Test func stopCancelsAndCanHangUpLiveCalls() async throws {
        let h = try await EngineHarness(contacts: 3)
        let runner = try await h.runner()
        for _ in 0..<2 { _ = try await runner.step(now: t0) }
        let (stopped, hungUp) = try await operations(h).stop(h.campaignId, hangUp: true)
        #expect(stopped.status == .cancelled)
        #expect(hungUp == 2)
        #expect(await h.provider.endRequests.count == 2)
        #expect(try await runner.step(now: t0) == .finished(.notDialable))
    }

    @Test func invalidTransitionsAndUnknownCampaignsAreRefused() async throws {
        let h = try await EngineHarness(contacts: 0)
        await #expect(throws: OperationError.invalidTransition(from: .active, action: "resume")) { try await operations(h).resume(h.campaignId) }
        let missing = ObjectId()
        await #expect(throws: OperationError.unknownCampaign(missing.hex)) { try await operations(h).pause(missing) }
        _ = try await h.store.transitionCampaign(id: h.campaignId, from: [.active], to: .completed, now: t0)
        await #expect(throws: OperationError.invalidTransition(from: .completed, action: "resume")) { try await operations(h).resume(h.campaignId) }
    }

    @Test func anotherInstanceTakesOverOnlyAfterTheLeaseExpires() async throws {
        let h = try await EngineHarness(contacts: 6)
        let a = try await h.runner()
        guard case .placed = try await a.step(now: t0) else {
            Issue.record("a did not dial")
            return
        }
        let (bDeps, bHandler) = h.sibling(instanceId: "engine-b")
        #expect(
            try await h.store.acquireCampaignLease(
                id: h.campaignId, owner: "engine-b", now: t0.addingTimeInterval(60), until: t0.addingTimeInterval(90)) == nil)
        let expired = t0.addingTimeInterval(3601)
        h.clock.advance(to: expired)
        let taken = try await h.store.acquireCampaignLease(id: h.campaignId, owner: "engine-b", now: expired, until: expired.addingTimeInterval(30))
        #expect(taken?.leaseOwner == "engine-b")
        #expect(try await a.step(now: expired) == .finished(.notDialable), "a must stop at its next admission")
        let b = CampaignRunner(campaign: taken!, deps: bDeps, endHandler: bHandler)
        try await b.prepare(now: expired)
        guard case .placed = try await b.step(now: expired) else {
            Issue.record("b did not dial")
            return
        }
    }

    @Test func twoInstancesRacingOnOneStoreNeverDialAContactTwice() async throws {
        let h = try await EngineHarness(contacts: 40, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 1000, retryCount: 0))
        let a = try await h.runner()
        let (bDeps, bHandler) = h.sibling(instanceId: "engine-b")
        // Both think they hold the campaign: the lease flips to b half-way, while a is still stepping.
        let b = CampaignRunner(campaign: try await h.store.campaign(id: h.campaignId)!, deps: bDeps, endHandler: bHandler)
        try await b.prepare(now: t0)
        async let ranA: Void = Self.stepUntilDone(a, at: t0)
        async let ranB: Void = { () async throws in
            for _ in 0..<10 { await Task.yield() }
            _ = try await h.store.releaseCampaignLease(id: h.campaignId, owner: "engine-a")
            _ = try await h.store.acquireCampaignLease(id: h.campaignId, owner: "engine-b", now: self.t0, until: self.t0.addingTimeInterval(60))
            try await Self.stepUntilDone(b, at: self.t0)
        }()
        _ = try await (ranA, ranB)
        let dialed = await h.provider.placeRequests.map(\.contactId)
        #expect(dialed.count == Set(dialed).count, "a contact was dialed twice")
        #expect(try await h.store.countCalls(CallFilter(campaignId: h.campaignId, statuses: nil)) == dialed.count)
    }

    static func stepUntilDone(_ runner: CampaignRunner, at now: Date) async throws {
        for _ in 0..<200 {
            switch try await runner.step(now: now) {
            case .placed: continue
            case .finished, .wait, .waitForCalls: return
            }
        }
    }

    @Test func aClaimLeftByACrashBeforeAnyCallIsStoredIsReleased() async throws {
        let h = try await EngineHarness(contacts: 1, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 1, retryCount: 1))
        _ = try await h.runner()
        // A crash after the claim and the admission, before the call document was stored.
        let callId = ObjectId()
        let claimed = try #require(
            try await h.store.claimNextContact(
                ClaimRequest(campaignId: h.campaignId, owner: "engine-a", attemptId: "lost", callId: callId, now: t0)))
        #expect(claimed.state == .calling)
        _ = try await h.store.beginContactCall(contactId: claimed.contactId, callId: callId, at: t0)
        #expect(try await h.store.admitCall(campaignId: h.campaignId, owner: "engine-a", callId: callId, now: t0)?.stats.callsPlaced == 1)
        h.clock.advance(by: .seconds(600))
        let report = await Reconciler(deps: h.deps, listener: h.handler).reconcileOnce()
        #expect(report.releasedClaims == 1)
        let progress = try #require(try await h.progress().first)
        #expect(progress.state == .pending)
        #expect(progress.attempts == 0)
        let campaign = try #require(try await h.store.campaign(id: h.campaignId))
        #expect(campaign.stats.callsPlaced == 0, "the admission of an attempt that never reached the provider is withdrawn")
        #expect(campaign.callIds.isEmpty)
        #expect(try await h.store.contact(id: claimed.contactId)?.callCount == 0)
    }

    @Test func anAttemptStoredButNeverSentIsWithdrawnNotCountedAsFailed() async throws {
        let h = try await EngineHarness(contacts: 1, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 1, retryCount: 1))
        let runner = try await h.runner()
        guard case .placed(let attemptId) = try await runner.step(now: t0) else {
            Issue.record("not placed")
            return
        }
        // As if dialerd died before sending: the provider has no record of the attempt.
        await h.provider.forgetForTest(attemptId: attemptId)
        h.clock.advance(by: .seconds(300))
        let report = await Reconciler(deps: h.deps, listener: h.handler).reconcileOnce()
        #expect(report.notDialed == 1)
        let stats = try #require(try await h.store.campaign(id: h.campaignId)).stats
        #expect(stats.callsPlaced == 0)
        #expect(stats.callsFailed == 0)
        let progress = try #require(try await h.progress().first)
        #expect(progress.state == .pending)
        #expect(progress.attempts == 0)
        #expect(try await h.store.call(.attemptId(attemptId))?.outcome == "not-placed")
    }

    @Test func aLostAttemptIsNotMatchedToTheContactsEarlierCall() async throws {
        let h = try await EngineHarness(
            contacts: 1, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 1, retryCount: 2, retryDelay: 1_000))
        let runner = try await h.runner()
        guard case .placed(let first) = try await runner.step(now: t0) else {
            Issue.record("not placed")
            return
        }
        try await h.end(first, .busy)
        h.clock.advance(by: .seconds(2))
        await h.provider.enqueue(.placedButAnswerLost(.queued))
        guard case .placed(let second) = try await runner.step(now: h.clock.now.date) else {
            Issue.record("retry not placed")
            return
        }
        // The second create never reached the provider after all: only the first call is on record.
        await h.provider.forgetForTest(attemptId: second)
        h.clock.advance(by: .seconds(300))
        let report = await Reconciler(deps: h.deps, listener: h.handler).reconcileOnce()
        #expect(report.errors == 0)
        #expect(report.notDialed == 1)
        #expect(try await h.store.call(.attemptId(second))?.callSid == nil, "the earlier call's SID was not taken over")
        #expect(try await h.progress().first?.state == .retry)
    }

    @Test func aCallStuckLiveAfterACrashIsFinishedFromTheProvidersRecord() async throws {
        let h = try await EngineHarness(
            contacts: 1, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 1, retryCount: 1, retryDelay: 60_000))
        let runner = try await h.runner()
        guard case .placed(let attemptId) = try await runner.step(now: t0) else {
            Issue.record("not placed")
            return
        }
        // dialerd dies; the callback never arrives; the provider saw the call end busy.
        await h.provider.setStatus(.busy, attemptId: attemptId)
        h.clock.advance(by: .seconds(300))
        let report = await Reconciler(deps: h.deps, listener: h.handler).reconcileOnce()
        #expect(report.finished == 1)
        let progress = try #require(try await h.progress().first)
        #expect(progress.state == .retry, "contact released only once its attempt is known terminal")
        #expect(try await h.store.call(.attemptId(attemptId))?.status == .busy)
    }

    @Test func aLiveCallIsLeftAloneByTheReconciler() async throws {
        let h = try await EngineHarness(contacts: 1)
        let runner = try await h.runner()
        guard case .placed(let attemptId) = try await runner.step(now: t0) else {
            Issue.record("not placed")
            return
        }
        await h.provider.setStatus(.inProgress, attemptId: attemptId)
        h.clock.advance(by: .seconds(300))
        let report = await Reconciler(deps: h.deps, listener: h.handler).reconcileOnce()
        #expect(report.stillLive == 1)
        #expect(try await h.progress().first?.state == .calling)
        #expect(try await h.store.call(.attemptId(attemptId))?.status == .inProgress)
    }

    /// A provider that answers a create with an id another call already has: the run goes on, the
    /// call cannot be followed so it ends failed, and its contact is neither retried (it may have
    /// been dialed) nor left calling, nor handed back by the reconciler.
    @Test func aCallAcceptedUnderAnotherCallsIdEndsFailedAndIsNeverDialedAgain() async throws {
        let h = try await EngineHarness(
            contacts: 3, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 10, retryCount: 2, retryDelay: 1_000))
        let runner = try await h.runner()
        guard case .placed(let first) = try await runner.step(now: t0) else {
            Issue.record("not placed")
            return
        }
        await h.provider.reuseIdsForTest()
        guard case .placed(let second) = try await runner.step(now: t0) else {
            Issue.record("the run stopped")
            return
        }
        let firstCall = try #require(try await h.store.call(.attemptId(first)))
        let secondCall = try #require(try await h.store.call(.attemptId(second)))
        #expect(firstCall.status == .queued && firstCall.callSid != nil)
        #expect(secondCall.status == .failed)
        #expect(secondCall.callSid == nil)
        #expect(secondCall.errorCode == OutcomePolicy.providerIdConflict)
        let contactId = try #require(secondCall.contactId)
        let conflicted = try #require(try await h.store.dialProgress(campaignId: h.campaignId, contactId: contactId))
        #expect(conflicted.state == .failed, "not retried: the provider may have dialed it")

        h.clock.advance(by: .seconds(300))
        let report = await Reconciler(deps: h.deps, listener: h.handler).reconcileOnce()
        #expect(report.notDialed == 0 && report.releasedClaims == 0)
        _ = try await h.drive(runner, until: h.clock.now.date.addingTimeInterval(60))
        let dialedTo = await h.provider.placeRequests.map(\.to)
        #expect(dialedTo.count == 3, "each of the 3 contacts dialed once: \(dialedTo)")
        #expect(Set(dialedTo).count == 3)
    }
}

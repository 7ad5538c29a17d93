import DialerCore
import DialerEngine
import DialerStore
import DialerTelephony
import Foundation
import Testing

/// The reconciler looks at every stale call, not the oldest page of them, and a call it cannot
/// reconcile ends visibly instead of holding a slot forever.
@Suite("Engine: the reconciler cannot starve") struct ReconcilerStarvationTests {
    let t0 = EngineHarness.t0

    /// 200 old calls of a provider this instance has not configured, then 50 the fake provider
    /// saw end: the 50 are finished in the same pass, and the 200 end as unreconcilable once
    /// `giveUpAfter` has passed, which frees their concurrency slots.
    @Test func callsBehindTwoHundredUnreconcilableOnesAreStillReconciled() async throws {
        let h = try await EngineHarness(contacts: 50, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 1000, retryCount: 0))
        for n in 0..<200 {
            let call = Call(
                attemptId: "orphan-\(n)", provider: .bland, attempt: 1, from: "+14155550000", to: String(format: "+1312555%04d", n),
                campaignId: h.campaignId, contactId: ObjectId(), now: t0.addingTimeInterval(-60))
            _ = try await h.store.insertCall(call)
        }
        let runner = try await h.runner()
        var placed: [String] = []
        for _ in 0..<50 {
            guard case .placed(let attemptId) = try await runner.step(now: t0) else {
                Issue.record("not placed")
                return
            }
            placed.append(attemptId)
            await h.provider.setStatus(.completed, attemptId: attemptId, answeredBy: "human", duration: 30)
        }
        #expect(try await h.store.countInFlightCalls(campaignId: h.campaignId) == 250)

        h.clock.advance(by: .seconds(300))
        let reconciler = Reconciler(deps: h.deps, listener: h.handler)
        let first = await reconciler.reconcileOnce()
        #expect(first.finished == 50, "the calls behind the first page are reached: \(first)")
        #expect(first.unreconcilable == 0, "not before giveUpAfter: a callback may still end them")
        #expect(try await h.store.countInFlightCalls(campaignId: h.campaignId) == 200)
        #expect(try await h.progress().allSatisfy { $0.state == .completed })

        h.clock.advance(by: .seconds(Reconciler.giveUpAfter))
        let later = await reconciler.reconcileOnce()
        #expect(later.unreconcilable == 200)
        #expect(try await h.store.countInFlightCalls(campaignId: h.campaignId) == 0, "unreconcilable calls hold no slot")
        let orphan = try #require(try await h.store.call(.attemptId("orphan-0")))
        #expect(orphan.status == .failed)
        #expect(orphan.errorCode == OutcomePolicy.unreconcilable)
        #expect(orphan.errorMessage?.contains("no bland provider is configured") == true, "\(orphan.errorMessage ?? "no message")")
        let last = await reconciler.reconcileOnce()
        #expect(last.finished + last.unreconcilable + last.stillLive + last.errors == 0, "nothing is left stale: \(last)")
    }

    /// A call of ours that no configured provider can look up ends failed and its contact is not
    /// dialed again (the provider may have dialed it): the operator sees why on the call.
    @Test func anUnreconcilableCallEndsVisiblyAndItsContactIsNotRedialedBlind() async throws {
        let h = try await EngineHarness(
            contacts: 1, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 1, retryCount: 2, retryDelay: 1_000))
        let runner = try await h.runner()
        guard case .placed(let attemptId) = try await runner.step(now: t0) else {
            Issue.record("not placed")
            return
        }
        var bare = h.deps
        bare.providers = ProviderRegistry([])
        let reconciler = Reconciler(deps: bare, listener: h.handler)

        h.clock.advance(by: .seconds(300))
        let early = await reconciler.reconcileOnce()
        #expect(early.unreconcilable == 0 && early.errors == 1)
        #expect(try await h.store.countInFlightCalls(campaignId: h.campaignId) == 1)

        h.clock.advance(by: .seconds(Reconciler.giveUpAfter))
        #expect(await reconciler.reconcileOnce().unreconcilable == 1)
        let call = try #require(try await h.store.call(.attemptId(attemptId)))
        #expect(call.status == .failed && call.errorCode == "unreconcilable")
        #expect(call.needsReconciliation == false)
        #expect(try await h.store.countInFlightCalls(campaignId: h.campaignId) == 0)
        let progress = try #require(try await h.progress().first)
        #expect(progress.state == .failed, "attempts remain, but the provider may have dialed it")
        #expect(progress.lastCallResult == "failed-unreconcilable")
        _ = try await h.drive(runner, until: h.clock.now.date.addingTimeInterval(600))
        #expect(await h.provider.placeRequests.count == 1, "never dialed again")
    }
}

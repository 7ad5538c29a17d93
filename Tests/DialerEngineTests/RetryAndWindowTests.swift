import DialerCore
import DialerEngine
import DialerStore
import DialerTelephony
import Foundation
import Testing

@Suite("Engine: retries and calling windows") struct RetryAndWindowTests {
    func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func busyIsRetriedAfterRetryDelayUntilAttemptsRunOut() async throws {
        let settings = CampaignSettings(callDelay: 0, maxConcurrentCalls: 1, retryCount: 2, retryDelay: 600_000)
        let h = try await EngineHarness(contacts: 1, settings: settings)
        let runner = try await h.runner()
        let placed = try await h.drive(runner, until: EngineHarness.t0.addingTimeInterval(3600)) { attemptId in
            try await h.end(attemptId, .busy)
        }
        #expect(placed.map { $0.timeIntervalSince(EngineHarness.t0) } == [0, 600, 1200])
        let progress = try #require(try await h.progress().first)
        #expect(progress.state == .failed)
        #expect(progress.attempts == 3)
        #expect(progress.lastCallResult == "busy")
        let contact = try #require(try await h.store.contact(id: progress.contactId))
        #expect(contact.callCount == 3)
        #expect(contact.lastCallResult == "busy")
        let stats = try #require(try await h.store.campaign(id: h.campaignId)).stats
        #expect(stats.callsPlaced == 3)
        #expect(stats.callsFailed == 3)
    }

    @Test func backoffGrowsTheDelay() {
        let schedule = RetrySchedule(settings: CampaignSettings(retryCount: 3, retryDelay: 60_000, retryBackoff: 2), window: .usTCPA)
        let t = EngineHarness.t0
        #expect(schedule.nextAttempt(after: 1, endedAt: t, zoneKey: nil) == t.addingTimeInterval(60))
        #expect(schedule.nextAttempt(after: 2, endedAt: t, zoneKey: nil) == t.addingTimeInterval(120))
        #expect(schedule.nextAttempt(after: 3, endedAt: t, zoneKey: nil) == t.addingTimeInterval(240))
        let jittered = RetrySchedule(settings: CampaignSettings(retryDelay: 60_000, retryJitter: 0.5), window: .usTCPA)
        #expect(jittered.nextAttempt(after: 1, endedAt: t, zoneKey: nil, random: 0.5) == t.addingTimeInterval(75))
    }

    /// The runner would not dial before 08:00 anyway, so only `nextAttemptAt` shows whether a call
    /// end placed the retry in the callee's window; the zone is read only when a retry needs it.
    @Test func aCallEndAsksForTheZoneOnlyToPlaceARetryInTheWindow() async throws {
        let endedAt = date("2026-11-24T01:50:00Z") // 20:50 in New York
        let schedule = RetrySchedule(settings: CampaignSettings(retryCount: 1, retryDelay: 3_600_000), window: .usTCPA)
        let asked = LockedValue(0)
        let zone: () async throws -> String? = {
            asked.withLock { $0 += 1 }
            return "America/New_York"
        }
        var call = Call(attemptId: "a1", provider: .twilio, attempt: 1, status: .noAnswer, from: nil, to: "+12125550100", now: endedAt)
        let retry = try await OutcomePolicy.verdict(for: call, schedule: schedule, now: endedAt) { try await zone() }
        #expect(retry.outcome.state == .retry)
        #expect(retry.outcome.nextAttemptAt == date("2026-11-24T13:00:00Z"))
        #expect(asked.withLock { $0 } == 1)

        call.status = .completed
        let reached = try await OutcomePolicy.verdict(for: call, schedule: schedule, now: endedAt) { try await zone() }
        #expect(reached.outcome.state == .completed)
        call.status = .busy
        call.attempt = 2
        let exhausted = try await OutcomePolicy.verdict(for: call, schedule: schedule, now: endedAt) { try await zone() }
        #expect(exhausted.outcome.state == .failed)
        #expect(asked.withLock { $0 } == 1)
    }

    @Test func aRetryFallingAfterNinePmWaitsForEightAmLocal() async throws {
        // 20:50 in New York; a one-hour retry lands at 21:50, outside the window.
        let start = date("2026-11-24T01:50:00Z")
        let settings = CampaignSettings(callDelay: 0, maxConcurrentCalls: 1, retryCount: 1, retryDelay: 3_600_000)
        let h = try await EngineHarness(contacts: 1, settings: settings, start: start)
        let runner = try await h.runner()
        let placed = try await h.drive(runner, until: start.addingTimeInterval(86_400)) { try await h.end($0, .noAnswer) }
        #expect(placed == [start, date("2026-11-24T13:00:00Z")])
    }

    @Test func noCallOutsideTheWindowAndTheRunSleepsUntilItOpens() async throws {
        // 22:00 in New York: nothing may be dialed until 08:00.
        let start = date("2026-11-24T03:00:00Z")
        let h = try await EngineHarness(contacts: 2, start: start)
        let runner = try await h.runner()
        #expect(try await runner.step(now: start) == .wait(until: date("2026-11-24T13:00:00Z")))
        #expect(await h.provider.placeRequests.isEmpty)
    }

    @Test func windowsFollowDSTSpringForward() async throws {
        // 2027-03-14 07:30 EDT is 11:30Z; the window opens at 08:00 EDT = 12:00Z, not 13:00Z.
        let start = date("2027-03-14T11:30:00Z")
        let h = try await EngineHarness(contacts: 1, start: start)
        let runner = try await h.runner()
        #expect(try await runner.step(now: start) == .wait(until: date("2027-03-14T12:00:00Z")))
    }

    @Test func eachContactIsJudgedInItsOwnZone() async throws {
        // 13:30Z: 08:30 in New York (open), 05:30 in Los Angeles (closed).
        let start = date("2026-11-23T13:30:00Z")
        let h = try await EngineHarness(contacts: 2, phone: { $0 == 0 ? "+12125550100" : "+14155550100" }, start: start)
        let runner = try await h.runner()
        let placed = try await h.drive(runner, until: start.addingTimeInterval(4 * 3600)) { try await h.end($0, .completed, answeredBy: "human") }
        #expect(await h.provider.placeRequests.map(\.to) == ["+12125550100", "+14155550100"])
        #expect(placed == [start, date("2026-11-23T16:00:00Z")])
    }

    @Test func australianPresetSkipsSunday() async throws {
        // Sunday 2026-11-29 12:00 in Sydney (01:00Z): next call Monday 09:00 AEDT = Sunday 22:00Z.
        let start = date("2026-11-29T01:00:00Z")
        let h = try await EngineHarness(contacts: 1, phone: { _ in "+61291234567" }, start: start, window: .australia)
        let runner = try await h.runner()
        #expect(try await runner.step(now: start) == .wait(until: date("2026-11-29T22:00:00Z")))
    }

    @Test func machineAnsweredFollowsTheCampaignPolicy() async throws {
        for (policy, expected) in [(MachinePolicy.retry, DialState.retry), (.complete, .completed)] {
            let settings = CampaignSettings(callDelay: 0, maxConcurrentCalls: 1, retryCount: 1, retryDelay: 60_000, machinePolicy: policy)
            let h = try await EngineHarness(contacts: 1, settings: settings)
            let runner = try await h.runner()
            guard case .placed(let attemptId) = try await runner.step(now: EngineHarness.t0) else {
                Issue.record("not placed")
                continue
            }
            try await h.end(attemptId, .completed, answeredBy: "machine_end_beep", duration: 20)
            #expect(try await h.progress().first?.state == expected)
            #expect(try await h.store.campaign(id: h.campaignId)?.stats.callsAnswered == 0)
        }
    }

    @Test func aPermanentProviderErrorFailsTheContactWithoutRetry() async throws {
        let h = try await EngineHarness(contacts: 1, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 1, retryCount: 3))
        await h.provider.enqueue(.fail(.permanent(code: "21211", message: "The 'To' number is not a valid phone number.")))
        let runner = try await h.runner()
        guard case .placed(let attemptId) = try await runner.step(now: EngineHarness.t0) else {
            Issue.record("not attempted")
            return
        }
        let call = try #require(try await h.store.call(.attemptId(attemptId)))
        #expect(call.status == .failed)
        #expect(call.errorCode == "21211")
        #expect(try await h.progress().first?.state == .failed)
        #expect(try await h.progress().first?.lastCallResult == "failed-21211")
    }

    @Test func aRetryableProviderErrorWithdrawsTheAttemptAndBacksOff() async throws {
        let h = try await EngineHarness(contacts: 1, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 1, retryCount: 0))
        await h.provider.enqueue(.fail(.retryable(code: "20429", message: "Too Many Requests", retryAfter: .seconds(3))))
        let runner = try await h.runner()
        #expect(try await runner.step(now: EngineHarness.t0) == .wait(until: EngineHarness.t0.addingTimeInterval(3)))
        let progress = try #require(try await h.progress().first)
        #expect(progress.state == .pending)
        #expect(progress.attempts == 0)
        #expect(try await h.store.campaign(id: h.campaignId)?.stats.callsPlaced == 0)
        h.clock.advance(to: EngineHarness.t0.addingTimeInterval(3))
        guard case .placed = try await runner.step(now: h.clock.now.date) else {
            Issue.record("not retried after the back-off")
            return
        }
        #expect(await h.provider.placeRequests.count == 2)
    }

    @Test func anUnknownOutcomeIsNeverRedialedButReconciled() async throws {
        let h = try await EngineHarness(contacts: 1, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 5, retryCount: 2))
        await h.provider.enqueue(.placedButAnswerLost(.queued))
        let runner = try await h.runner()
        guard case .placed(let attemptId) = try await runner.step(now: EngineHarness.t0) else {
            Issue.record("not attempted")
            return
        }
        #expect(try await h.store.call(.attemptId(attemptId))?.needsReconciliation == true)
        #expect(try await runner.step(now: EngineHarness.t0.addingTimeInterval(60)) == .waitForCalls(until: EngineHarness.t0.addingTimeInterval(61)))
        #expect(await h.provider.placeRequests.count == 1)

        await h.provider.setStatus(.completed, attemptId: attemptId, answeredBy: "human", duration: 12)
        h.clock.advance(by: .seconds(600))
        let report = await Reconciler(deps: h.deps, listener: h.handler).reconcileOnce()
        #expect(report.finished == 1)
        let call = try #require(try await h.store.call(.attemptId(attemptId)))
        #expect(call.status == .completed)
        #expect(call.callSid != nil)
        #expect(try await h.progress().first?.state == .completed)
        #expect(await h.provider.placeRequests.count == 1)
    }
}

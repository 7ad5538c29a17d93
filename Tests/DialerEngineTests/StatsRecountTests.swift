import DialerCore
import DialerEngine
import DialerStore
import Foundation
import Testing

@Suite struct StatsRecountTests {
    let t0 = EngineHarness.t0

    /// A crash between finishing a claim and its `$inc` loses one call's stats; completion recounts
    /// them from the calls, and the lost `$inc` arriving late cannot count the call twice.
    @Test func completionReplacesDriftedStatsWithARecountFromCalls() async throws {
        let h = try await EngineHarness(contacts: 3)
        let runner = try await h.runner()
        var attempts: [String] = []
        for _ in 0..<3 {
            guard case .placed(let attemptId) = try await runner.step(now: t0) else {
                Issue.record("not placed")
                return
            }
            attempts.append(attemptId)
        }
        try await h.end(attempts[0], .completed, answeredBy: "human", duration: 30)
        try await h.end(attempts[2], .completed, answeredBy: "machine_end_beep", duration: 12)

        // The crash: the call ended and its claim finished, but the campaign's `$inc` never ran.
        let advance = try await h.store.advanceCall(.attemptId(attempts[1]), to: .busy, fields: CallFields(endTime: t0), now: t0)
        guard case .advanced(let busy) = advance else {
            Issue.record("not advanced")
            return
        }
        let lost = OutcomePolicy.stats(for: busy)
        #expect(
            try await h.store.finishClaim(
                campaignId: h.campaignId, contactId: busy.contactId!, attemptId: busy.attemptId,
                outcome: DialOutcome(state: .failed, lastCallResult: "busy"), now: t0))
        let drifted = try #require(try await h.store.campaign(id: h.campaignId)).stats
        #expect(drifted.callsFailed == 0)

        #expect(try await runner.step(now: t0) == .finished(.completed))
        let recount = try await StatsRecount.stats(campaignId: h.campaignId, store: h.store)
        #expect(try await h.store.completeCampaign(id: h.campaignId, recount: recount, now: t0))
        #expect(try await h.store.completeCampaign(id: h.campaignId, recount: recount, now: t0) == false, "only an active campaign completes")

        try await h.store.incrementStats(campaignId: h.campaignId, lost, appendCallId: nil, now: t0)
        let campaign = try #require(try await h.store.campaign(id: h.campaignId))
        #expect(campaign.status == .completed)
        #expect(campaign.lastExecuted == t0)
        #expect(campaign.nextExecution == nil)
        let stats = campaign.stats
        #expect(stats.totalContacts == drifted.totalContacts)
        let counters: [Int] = [stats.callsPlaced, stats.callsCompleted, stats.callsAnswered, stats.callsFailed]
        let durations: [Int] = [stats.totalDuration, stats.durationCount]
        #expect(counters == [3, 2, 1, 1])
        #expect(durations == [42, 2])
        #expect(stats.averageDuration == 21)
    }

    @Test func attemptsNeverPlacedAreNotCounted() {
        var withdrawn = Call(attemptId: "a-1", provider: .twilio, attempt: 1, status: .failed, from: "+14155550000", to: "+12125550100", now: t0)
        withdrawn.outcome = "not-placed"
        var answered = Call(attemptId: "a-2", provider: .twilio, attempt: 1, status: .completed, from: "+14155550000", to: "+12125550100", now: t0)
        answered.duration = 5
        let stats = StatsRecount.stats(from: [withdrawn, answered])
        let counters: [Int] = [stats.callsPlaced, stats.callsCompleted, stats.callsAnswered, stats.callsFailed]
        #expect(counters == [1, 1, 1, 0])
    }
}

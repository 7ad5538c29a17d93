import DialerCore
import DialerEngine
import DialerStore
import DialerTelephony
import Foundation
import Testing

@Suite("Engine: pacing, concurrency, completion") struct RunnerPacingTests {
    @Test func callDelaySpacesCallStartsExactly() async throws {
        let h = try await EngineHarness(contacts: 5, settings: CampaignSettings(callDelay: 5_000, maxConcurrentCalls: 10, retryCount: 0))
        let runner = try await h.runner()
        let placed = try await h.drive(runner, until: EngineHarness.t0.addingTimeInterval(60))
        #expect(placed.map { $0.timeIntervalSince(EngineHarness.t0) } == [0, 5, 10, 15, 20])
        #expect(await h.provider.placeRequests.count == 5)
    }

    @Test func concurrencyIsCountedFromStoredCallsAndNeverExceeded() async throws {
        let h = try await EngineHarness(contacts: 6, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 2, retryCount: 0))
        let runner = try await h.runner()
        var live: [String] = []
        var peak = 0
        let end = EngineHarness.t0.addingTimeInterval(30)
        while h.clock.now.date < end {
            switch try await runner.step(now: h.clock.now.date) {
            case .placed(let attemptId):
                live.append(attemptId)
                peak = max(peak, try await h.store.countInFlightCalls(campaignId: h.campaignId))
            case .waitForCalls:
                #expect(try await h.store.countInFlightCalls(campaignId: h.campaignId) == live.count)
                #expect(live.count <= 2)
                if !live.isEmpty { try await h.end(live.removeFirst(), .completed, answeredBy: "human", duration: 30) }
                h.clock.advance(by: .seconds(1))
            case .wait(let until):
                h.clock.advance(to: until)
            case .finished(let end):
                #expect(end == .completed)
                #expect(peak == 2)
                #expect(await h.provider.placeRequests.count == 6)
                return
            }
        }
        Issue.record("the campaign did not finish")
    }

    @Test func campaignCompletesWithStatsAndContactBookkeeping() async throws {
        let h = try await EngineHarness(contacts: 3)
        let runner = try await h.runner()
        try await h.drive(runner, until: EngineHarness.t0.addingTimeInterval(5)) { attemptId in
            try await h.end(attemptId, .completed, answeredBy: "human", duration: 40)
        }
        #expect(try await runner.step(now: h.clock.now.date) == .finished(.completed))
        let campaign = try #require(try await h.store.campaign(id: h.campaignId))
        #expect(campaign.stats.totalContacts == 3)
        #expect(campaign.stats.callsPlaced == 3)
        #expect(campaign.stats.callsCompleted == 3)
        #expect(campaign.stats.callsAnswered == 3)
        #expect(campaign.stats.averageDuration == 40)
        #expect(campaign.callIds.count == 3)
        let contacts = try await h.store.listContacts(ContactFilter(campaignId: h.campaignId), campaign: nil, page: PageRequest())
        for contact in contacts.items {
            #expect(contact.callCount == 1)
            #expect(contact.callIds.count == 1)
            #expect(contact.lastCallResult == "completed-human")
            #expect(contact.status == .active, "the seed's contact status keeps its meaning")
        }
        #expect(try await h.progress().allSatisfy { $0.state == .completed })
    }

    @Test func doNotCallAndInactiveContactsAreSkippedWithAReason() async throws {
        let h = try await EngineHarness(contacts: 2)
        var blocked = Contact(phoneNumber: "+12125559999", name: "Blocked", status: .doNotCall, campaignIds: [h.campaignId], now: EngineHarness.t0)
        blocked.priority = 10
        _ = try await h.store.insertContacts([blocked])
        let runner = try await h.runner()
        try await h.drive(runner, until: EngineHarness.t0.addingTimeInterval(5)) { try await h.end($0, .completed, answeredBy: "human") }
        #expect(await h.provider.placeRequests.map(\.to).contains("+12125559999") == false)
        let skipped = try await h.progress().filter { $0.state == .skipped }
        #expect(skipped.count == 1)
        #expect(skipped.first?.skipReason == "contact status is do-not-call")
    }

    @Test func aContactMarkedDoNotCallAfterEnrollmentIsNotDialed() async throws {
        let h = try await EngineHarness(contacts: 1)
        let runner = try await h.runner()
        let contactId = try #require(try await h.progress().first?.contactId)
        // Operators edit the contact document directly; the claim's bookkeeping update checks the status.
        try await h.store.setContactStatusForTest(contactId, .doNotCall)
        _ = try await h.drive(runner, until: EngineHarness.t0.addingTimeInterval(5))
        #expect(await h.provider.placeRequests.isEmpty)
        #expect(try await h.progress().first?.state == .skipped)
    }
}

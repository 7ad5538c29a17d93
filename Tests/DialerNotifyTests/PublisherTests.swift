import DialerCore
import DialerNotify
import DialerStore
import Foundation
import Testing

@Suite("Event webhooks: what the engine's events queue")
struct PublisherTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    let store = InMemoryStore()
    let clock = ManualWallClock(start: PublisherTests.t0)

    func publisher(defaultURL: String? = "https://hooks.example.com/all") -> WebhookEventPublisher {
        WebhookEventPublisher(store: store, defaultURL: defaultURL, clock: clock)
    }

    func endedCall(campaign: Campaign) async throws -> CallResultEvent {
        var call = Call(
            id: ObjectId(), attemptId: "att-1", provider: .twilio, attempt: 2, status: .completed, from: "+14155550000", to: "+12125550101",
            campaignId: campaign.id, contactId: ObjectId(), now: Self.t0)
        call.callSid = "CA0001"
        call.duration = 42
        call.cost = 0.07
        call.endTime = Self.t0.addingTimeInterval(42)
        try await store.upsertTranscript(
            Transcript(callSid: "CA0001", conversationId: nil, transcript: [], summary: "Wants a callback on Friday.", now: Self.t0))
        return CallResultEvent(campaignId: campaign.id!, contactId: call.contactId!, call: call, state: .completed, result: "completed-human")
    }

    func campaign(webhookUrl: String? = nil) async throws -> Campaign {
        var campaign = Campaign(name: "Renewals", status: .active, settings: CampaignSettings(webhookUrl: webhookUrl), now: Self.t0)
        campaign.id = try await store.insertCampaign(campaign)
        return campaign
    }

    @Test func callEndedCarriesOutcomeDurationCostAndSummaryOnce() async throws {
        let campaign = try await campaign()
        let event = try await endedCall(campaign: campaign)
        try await publisher().callEnded(event, campaign: campaign)
        clock.advance(by: .seconds(5))
        try await publisher().callEnded(event, campaign: campaign)
        let key = "call.ended:\(event.call.id!.hex)"
        let delivery = try #require(try await store.delivery(key: key))
        #expect(delivery.createdAt == Self.t0, "the repeat did not replace the queued event")
        #expect(delivery.url == "https://hooks.example.com/all" && delivery.event == "call.ended" && delivery.state == .pending)
        let body = try JSONSerialization.jsonObject(with: Data(delivery.body.utf8)) as? [String: Any]
        #expect(body?["id"] as? String == key && body?["type"] as? String == "call.ended")
        let data = try #require(body?["data"] as? [String: Any])
        #expect(data["outcome"] as? String == "completed-human")
        #expect(data["contactState"] as? String == "completed")
        #expect(data["durationSeconds"] as? Int == 42)
        #expect(data["cost"] as? Double == 0.07)
        #expect(data["summary"] as? String == "Wants a callback on Friday.")
        #expect(data["campaignId"] as? String == campaign.id!.hex && data["attempt"] as? Int == 2)
    }

    @Test func aCampaignsOwnURLWinsAndWithoutAnyNothingIsQueued() async throws {
        let own = try await campaign(webhookUrl: "https://crm.example.com/hook")
        let ownEvent = try await endedCall(campaign: own)
        try await publisher().callEnded(ownEvent, campaign: own)
        #expect(try await store.delivery(key: "call.ended:\(ownEvent.call.id!.hex)")?.url == "https://crm.example.com/hook")
        let plain = try await campaign()
        let plainEvent = try await endedCall(campaign: plain)
        try await publisher(defaultURL: nil).callEnded(plainEvent, campaign: plain)
        #expect(try await store.delivery(key: "call.ended:\(plainEvent.call.id!.hex)") == nil)
        try await publisher(defaultURL: nil).campaignCompleting(id: plain.id!, stats: CampaignStats())
        #expect(try await store.delivery(key: "campaign.completed:\(plain.id!.hex)") == nil)
        #expect(try await store.nextDeliveryDue() == Self.t0, "the campaign with its own URL did queue")
    }

    @Test func aCompletionIsQueuedOnceAndWithdrawnWhenRefused() async throws {
        let campaign = try await campaign()
        let stats = CampaignStats(totalContacts: 3, callsPlaced: 4, callsCompleted: 3, callsAnswered: 2, callsFailed: 1)
        try await publisher().campaignCompleting(id: campaign.id!, stats: stats)
        try await publisher().campaignCompleting(id: campaign.id!, stats: stats)
        let key = "campaign.completed:\(campaign.id!.hex)"
        let delivery = try #require(try await store.delivery(key: key))
        let body = try JSONSerialization.jsonObject(with: Data(delivery.body.utf8)) as? [String: Any]
        let data = try #require(body?["data"] as? [String: Any])
        #expect(data["name"] as? String == "Renewals")
        #expect((data["stats"] as? [String: Any])?["callsPlaced"] as? Int == 4)
        try await publisher().campaignCompletionRefused(id: campaign.id!)
        #expect(try await store.delivery(key: key) == nil)
    }
}

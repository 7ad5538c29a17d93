import DialerCore
import DialerStore
import DialerTestSupport
import Foundation
import Testing

@Suite("Store contract: campaign audit log") struct CampaignAuditContractTests {
    let t0 = Fixtures.t0

    func action(
        _ campaignId: ObjectId, _ kind: CampaignActionKind, by: String = "control uid 1000", from: CampaignStatus, to: CampaignStatus,
        after seconds: Double
    ) -> CampaignAction {
        CampaignAction(campaignId: campaignId, action: kind, by: by, fromStatus: from, toStatus: to, at: t0.addingTimeInterval(seconds))
    }

    @Test(arguments: StoreKind.allCases) func actionsRoundTripNewestFirstPerCampaignUpToTheLimit(kind: StoreKind) async throws {
        let store = try await kind.make()
        let campaign = ObjectId()
        let other = ObjectId()
        try await store.recordCampaignAction(action(campaign, .start, from: .draft, to: .active, after: 0))
        try await store.recordCampaignAction(action(campaign, .pause, by: "api-key:deploy-bot", from: .active, to: .paused, after: 60))
        try await store.recordCampaignAction(action(other, .stop, from: .active, to: .cancelled, after: 90))
        try await store.recordCampaignAction(action(campaign, .resume, from: .paused, to: .active, after: 120))

        let all = try await store.campaignActions(campaignId: campaign, limit: 10)
        #expect(all.map(\.action) == [.resume, .pause, .start])
        let pause = try #require(all.dropFirst().first)
        #expect(pause.by == "api-key:deploy-bot")
        #expect(pause.fromStatus == .active && pause.toStatus == .paused)
        #expect(pause.at == t0.addingTimeInterval(60))
        #expect(pause.campaignId == campaign)
        #expect(pause.id != nil, "the store assigns an id")

        #expect(try await store.campaignActions(campaignId: campaign, limit: 2).map(\.action) == [.resume, .pause])
        #expect(try await store.campaignActions(campaignId: other, limit: 10).map(\.action) == [.stop])
        #expect(try await store.campaignActions(campaignId: ObjectId(), limit: 10).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func actionsAtTheSameInstantComeLatestRecordedFirst(kind: StoreKind) async throws {
        let store = try await kind.make()
        let campaign = ObjectId()
        try await store.recordCampaignAction(action(campaign, .pause, from: .active, to: .paused, after: 5))
        try await store.recordCampaignAction(action(campaign, .resume, from: .paused, to: .active, after: 5))
        #expect(try await store.campaignActions(campaignId: campaign, limit: 1).map(\.action) == [.resume])
    }
}

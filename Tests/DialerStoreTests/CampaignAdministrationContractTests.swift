import DialerCore
import DialerStore
import DialerTestSupport
import Foundation
import Testing

@Suite("Store contract: campaign administration") struct CampaignAdministrationContractTests {
    let t0 = Fixtures.t0

    @Test(arguments: StoreKind.allCases) func aPartialUpdateAppliesOnlyWhileTheStatusAllowsIt(kind: StoreKind) async throws {
        let store = try await kind.make()
        var draft = Fixtures.campaign(status: .draft)
        draft.prompt = "Be brief."
        let id = try await store.insertCampaign(draft)
        var settings = CampaignSettings()
        settings.maxConcurrentCalls = 3
        let changes = CampaignChanges(description: "Q3 renewals", settings: settings, nextExecution: t0 + 3600)
        guard case .updated(let updated) = try await store.updateCampaign(id: id, changes, whileStatusIn: [.draft, .paused], now: t0 + 1) else {
            Issue.record("a draft campaign was not updated")
            return
        }
        #expect(updated.description == "Q3 renewals")
        #expect(updated.settings.maxConcurrentCalls == 3)
        #expect(updated.nextExecution == t0 + 3600)
        #expect(updated.prompt == "Be brief.")
        #expect(updated.name == draft.name)
        #expect(updated.status == .draft)
        #expect(try await store.campaign(id: id) == updated)

        _ = try await store.transitionCampaign(id: id, from: [.draft], to: .active, now: t0)
        let refused = try await store.updateCampaign(id: id, CampaignChanges(name: "Renamed"), whileStatusIn: [.draft, .paused], now: t0)
        #expect(refused == .statusConflict(.active))
        #expect(try await store.campaign(id: id)?.name == draft.name)
        #expect(try await store.updateCampaign(id: ObjectId(), changes, whileStatusIn: nil, now: t0) == .notFound)
    }

    @Test(arguments: StoreKind.allCases) func onlyACampaignThatIsNotActiveAndHasNoLiveCallIsDeleted(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await Fixtures.enrolledCampaign(store, count: 3)
        #expect(try await store.deleteCampaign(id: id) == .active)
        _ = try await store.transitionCampaign(id: id, from: [.active], to: .paused, now: t0)
        _ = try await store.insertCall(Fixtures.call(campaign: id, sid: "CA-live"))
        #expect(try await store.deleteCampaign(id: id) == .callsInFlight(1))
        _ = try await store.advanceCall(.callSid("CA-live"), to: .completed, fields: CallFields(), now: t0)
        #expect(try await store.deleteCampaign(id: id) == .deleted(progressRemoved: 3))
        #expect(try await store.campaign(id: id) == nil)
        #expect(try await store.dialStateCounts(campaignId: id).isEmpty)
        #expect(try await store.listContacts(ContactFilter(campaignId: id), campaign: nil, page: PageRequest()).total == 0)
        #expect(try await store.listContacts(ContactFilter(), campaign: nil, page: PageRequest()).total == 3)
        #expect(try await store.deleteCampaign(id: id) == .notFound)
    }

    @Test(arguments: StoreKind.allCases) func addedContactsBecomeMembersOnceAndAreEnrolled(kind: StoreKind) async throws {
        let store = try await kind.make()
        let campaignId = try await Fixtures.enrolledCampaign(store, count: 1)
        let member = try #require(
            try await store.listContacts(ContactFilter(campaignId: campaignId), campaign: nil, page: PageRequest()).items.first?.id)
        let ids = try await store.insertContacts([Fixtures.contact(11), Fixtures.contact(12)])
        _ = try await store.suppress([Suppression(phoneNumber: "+14155550012", reason: "opted out", source: .operatorAction, now: t0)])
        let unknown = ObjectId()
        let result = try #require(try await store.addCampaignContacts(id: campaignId, contactIds: ids + [unknown, member, ids[0]], now: t0))
        #expect(Set(result.added) == Set(ids))
        #expect(result.alreadyMembers == [member])
        #expect(result.unknown == [unknown])
        #expect(result.enrolled == 2)
        let campaign = try #require(try await store.campaign(id: campaignId))
        #expect(campaign.contactIds.count == 2)
        #expect(campaign.stats.totalContacts == 2)
        #expect(try await store.dialProgress(campaignId: campaignId, contactId: ids[0])?.state == .pending)
        let suppressed = try await store.dialProgress(campaignId: campaignId, contactId: ids[1])
        #expect(suppressed?.state == .skipped)
        #expect(suppressed?.skipReason == DialProgress.suppressedReason)

        let again = try #require(try await store.addCampaignContacts(id: campaignId, contactIds: ids, now: t0))
        #expect(again.added.isEmpty)
        #expect(again.enrolled == 0)
        #expect(try await store.campaign(id: campaignId)?.stats.totalContacts == 2)
        #expect(try await store.addCampaignContacts(id: ObjectId(), contactIds: ids, now: t0) == nil)
    }

    @Test(arguments: StoreKind.allCases) func removedContactsLeaveUnlessInACallAndCanComeBack(kind: StoreKind) async throws {
        let store = try await kind.make()
        let campaignId = try await Fixtures.enrolledCampaign(store, count: 3)
        let ids = try await store.listContacts(ContactFilter(campaignId: campaignId), campaign: nil, page: PageRequest()).items.compactMap(\.id)
        let claim = try #require(try await store.claimNextContact(ClaimRequest(campaignId: campaignId, owner: "a", attemptId: "A1", now: t0)))
        let outsider = ObjectId()
        let result = try #require(try await store.removeCampaignContacts(id: campaignId, contactIds: ids + [outsider], now: t0))
        #expect(result.inCall == [claim.contactId])
        #expect(Set(result.removed) == Set(ids).subtracting([claim.contactId]))
        #expect(result.notMembers == [outsider])
        let members = try await store.listContacts(ContactFilter(campaignId: campaignId), campaign: nil, page: PageRequest())
        #expect(members.items.compactMap(\.id) == [claim.contactId])
        for id in result.removed {
            let progress = try await store.dialProgress(campaignId: campaignId, contactId: id)
            #expect(progress?.state == .skipped)
            #expect(progress?.skipReason == DialProgress.removedFromCampaignReason)
        }
        #expect(try await store.claimNextContact(ClaimRequest(campaignId: campaignId, owner: "a", attemptId: "A2", now: t0)) == nil)

        let back = try #require(try await store.addCampaignContacts(id: campaignId, contactIds: [result.removed[0]], now: t0))
        #expect(back.added == [result.removed[0]])
        #expect(back.enrolled == 1)
        #expect(try await store.dialProgress(campaignId: campaignId, contactId: result.removed[0])?.state == .pending)
    }
}

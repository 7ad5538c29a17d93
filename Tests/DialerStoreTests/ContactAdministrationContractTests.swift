import DialerCore
import DialerStore
import DialerTestSupport
import Foundation
import Testing

@Suite("Store contract: contact administration") struct ContactAdministrationContractTests {
    let t0 = Fixtures.t0

    @Test(arguments: StoreKind.allCases) func aContactIsFoundByItsExactNumberFirstCreatedFirst(kind: StoreKind) async throws {
        let store = try await kind.make()
        let later = Fixtures.contact(1, campaign: ObjectId(), createdAt: t0 + 10)
        let first = Fixtures.contact(1, campaign: ObjectId(), createdAt: t0)
        let ids = try await store.insertContacts([later, first])
        #expect(try await store.contact(phoneNumber: "+14155550001")?.id == ids[1])
        #expect(try await store.contact(phoneNumber: "14155550001") == nil)
    }

    @Test(arguments: StoreKind.allCases) func aPartialUpdateWritesOnlyTheGivenFields(kind: StoreKind) async throws {
        let store = try await kind.make()
        let campaignId = try await Fixtures.enrolledCampaign(store, count: 1)
        let id = try #require(try await store.listContacts(ContactFilter(campaignId: campaignId), campaign: nil, page: PageRequest()).items.first?.id)
        let changes = ContactChanges(email: "ada@example.test", status: .inactive, priority: 9, customFields: ["company": .string("Acme")])
        let updated = try #require(try await store.updateContact(id: id, changes, now: t0 + 60))
        #expect(updated.email == "ada@example.test")
        #expect(updated.status == .inactive)
        #expect(updated.customFields == ["company": .string("Acme")])
        #expect(updated.name == "Contact 0")
        #expect(updated.phoneNumber == "+14155550000")
        #expect(updated.updatedAt == t0 + 60)
        #expect(try await store.contact(id: id) == updated)
        // The claim orders by priority: its copy on the unclaimed progress follows.
        #expect(try await store.dialProgress(campaignId: campaignId, contactId: id)?.priority == 9)
        #expect(try await store.updateContact(id: ObjectId(), changes, now: t0) == nil)
    }

    @Test(arguments: StoreKind.allCases) func tagsAreAddedOnceAndRemoved(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await store.insertContacts([Fixtures.contact(1)])[0]
        #expect(try await store.addContactTags(id: id, ["vip", "renewal"], now: t0)?.tags == ["vip", "renewal"])
        #expect(try await store.addContactTags(id: id, ["vip", "west"], now: t0)?.tags == ["vip", "renewal", "west"])
        #expect(try await store.removeContactTags(id: id, ["vip", "absent"], now: t0)?.tags == ["renewal", "west"])
        #expect(try await store.addContactTags(id: ObjectId(), ["x"], now: t0) == nil)
    }

    @Test(arguments: StoreKind.allCases) func contactFiltersCombineStatusTagAndCreationRange(kind: StoreKind) async throws {
        let store = try await kind.make()
        var contacts = (0..<4).map { Fixtures.contact($0, createdAt: t0 + Double($0 * 10)) }
        contacts[1].status = .doNotCall
        contacts[2].tags = ["vip"]
        contacts[3].tags = ["vip"]
        let ids = try await store.insertContacts(contacts)
        func list(_ filter: ContactFilter) async throws -> [ObjectId] {
            try await store.listContacts(filter, campaign: nil, page: PageRequest()).items.compactMap(\.id)
        }
        #expect(try await list(ContactFilter(statuses: [.doNotCall])) == [ids[1]])
        #expect(try await list(ContactFilter(tag: "vip")) == [ids[2], ids[3]])
        #expect(try await list(ContactFilter(tag: "vip", createdAfter: t0 + 20)) == [ids[3]])
        #expect(try await list(ContactFilter(createdAfter: t0, createdBefore: t0 + 30)) == [ids[1], ids[2]])
    }

    @Test(arguments: StoreKind.allCases) func aCampaignsContactsScanInPagesFromBothMembershipFields(kind: StoreKind) async throws {
        let store = try await kind.make()
        let campaignId = ObjectId()
        let named = (0..<4).map { Fixtures.contact($0, campaign: campaignId, createdAt: t0 + Double($0)) }
        let listed = (4..<7).map { Fixtures.contact($0, createdAt: t0 + Double($0)) }
        let ids = try await store.insertContacts(named + listed + [Fixtures.contact(9)])
        var campaign = Fixtures.campaign(contactIds: Array(ids[4..<7]))
        campaign.id = campaignId
        _ = try await store.insertCampaign(campaign)
        var seen: [ObjectId] = []
        var cursor: ScanCursor?
        repeat {
            let page = try await store.scanContacts(ContactFilter(campaignId: campaignId), campaign: campaign, after: cursor, limit: 2)
            seen += page.items.compactMap(\.id)
            cursor = page.next
        } while cursor != nil && seen.count < 20
        #expect(seen == Array(ids[0..<7]))
    }

    @Test(arguments: StoreKind.allCases) func aContactInACallOrClaimedIsNotDeleted(kind: StoreKind) async throws {
        let store = try await kind.make()
        let campaignId = try await Fixtures.enrolledCampaign(store, count: 3)
        let claim = try #require(try await store.claimNextContact(ClaimRequest(campaignId: campaignId, owner: "a", attemptId: "A1", now: t0)))
        #expect(try await store.deleteContact(id: claim.contactId, now: t0) == .claimed(campaignId: campaignId))
        #expect(try await store.contact(id: claim.contactId) != nil)

        let members = try await store.listContacts(ContactFilter(campaignId: campaignId), campaign: nil, page: PageRequest()).items
        let others = members.compactMap(\.id).filter { $0 != claim.contactId }
        var call = Fixtures.call()
        call.contactId = others[0]
        _ = try await store.insertCall(call)
        #expect(try await store.deleteContact(id: others[0], now: t0) == .liveCall)
        #expect(try await store.contact(id: others[0]) != nil)

        #expect(try await store.deleteContact(id: others[1], now: t0) == .deleted)
        #expect(try await store.contact(id: others[1]) == nil)
        #expect(try await store.dialProgress(campaignId: campaignId, contactId: others[1]) == nil)
        #expect(try await store.deleteContact(id: others[1], now: t0) == .notFound)
    }

    @Test(arguments: StoreKind.allCases) func aDeletedContactLeavesTheCampaignsThatListIt(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await store.insertContacts([Fixtures.contact(1)])[0]
        let campaignId = try await store.insertCampaign(Fixtures.campaign(status: .draft))
        _ = try await store.addCampaignContacts(id: campaignId, contactIds: [id], now: t0)
        #expect(try await store.campaign(id: campaignId)?.stats.totalContacts == 1)
        #expect(try await store.deleteContact(id: id, now: t0) == .deleted)
        let campaign = try #require(try await store.campaign(id: campaignId))
        #expect(campaign.contactIds.isEmpty)
        #expect(campaign.stats.totalContacts == 0)
    }
}

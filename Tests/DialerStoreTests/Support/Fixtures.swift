import DialerCore
import DialerStore
import Foundation

enum Fixtures {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    static func campaign(_ name: String = "Spring renewals", status: CampaignStatus = .active, contactIds: [ObjectId] = []) -> Campaign {
        Campaign(name: name, status: status, contactIds: contactIds, now: t0)
    }

    static func contact(_ n: Int, campaign: ObjectId? = nil, priority: Int = 0, createdAt: Date = t0) -> Contact {
        Contact(
            phoneNumber: String(format: "+1415555%04d", n), name: "Contact \(n)", priority: priority,
            campaignIds: campaign.map { [$0] } ?? [], now: createdAt)
    }

    static func call(attempt: String = UUID().uuidString, campaign: ObjectId? = nil, sid: String? = nil, at: Date = t0) -> Call {
        var call = Call(
            attemptId: attempt, provider: .twilio, attempt: 1, from: "+14155550000", to: "+14155551234",
            campaignId: campaign, contactId: ObjectId(), now: at)
        call.callSid = sid
        return call
    }

    /// Inserts `count` contacts in a new active campaign and enrolls them.
    static func enrolledCampaign(_ store: any CampaignStore, count: Int, zone: String? = "America/New_York") async throws -> ObjectId {
        let campaignId = try await store.insertCampaign(campaign())
        let contacts = (0..<count).map { contact($0, campaign: campaignId, priority: $0 % 3, createdAt: t0.addingTimeInterval(Double($0))) }
        let ids = try await store.insertContacts(contacts)
        let entries = zip(contacts, ids).map { DialProgress(campaignId: campaignId, contact: $0, contactId: $1, timeZone: zone, now: t0) }
        _ = try await store.enroll(entries)
        return campaignId
    }
}

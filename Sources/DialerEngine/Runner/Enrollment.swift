import DialerCore
import DialerStore
import Foundation

/// Creates the per-campaign progress of every member contact that has none yet, by
/// `DialProgress.enrollment(of:in:campaignId:suppressed:now:)`.
enum Enrollment {
    static func enrollMembers(
        of campaign: Campaign, store: any ContactRecords & DialProgressRecords & SuppressionList,
        now: Date
    ) async throws -> (members: Int, created: Int) {
        guard let campaignId = campaign.id else { return (0, 0) }
        var offset = 0
        var members = 0
        var created = 0
        while true {
            let page = try await store.listContacts(
                ContactFilter(campaignId: campaignId), campaign: campaign,
                page: PageRequest(offset: offset, limit: 500))
            let suppressed = try await store.suppressedNumbers(among: page.items.filter { $0.status == .active }.map(\.phoneNumber))
            let entries = page.items.map {
                DialProgress.enrollment(of: $0, in: campaign, campaignId: campaignId, suppressed: suppressed.contains($0.phoneNumber), now: now)
            }
            created += try await store.enroll(entries)
            members += page.items.count
            offset += page.items.count
            if !page.hasMore || page.items.isEmpty { break }
        }
        return (members, created)
    }
}

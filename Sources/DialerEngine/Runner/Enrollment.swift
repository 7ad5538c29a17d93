import DialerCore
import DialerStore
import Foundation

/// Creates the per-campaign progress of every member contact that has none yet. Contacts that
/// may not be called are enrolled as `skipped`, with the reason, so the campaign can finish; a
/// number on the suppression list is skipped as `suppressed` here already (the claim checks again).
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
                progress(for: $0, in: campaign, campaignId: campaignId, suppressed: suppressed.contains($0.phoneNumber), now: now)
            }
            created += try await store.enroll(entries)
            members += page.items.count
            offset += page.items.count
            if !page.hasMore || page.items.isEmpty { break }
        }
        return (members, created)
    }

    static func progress(for contact: Contact, in campaign: Campaign, campaignId: ObjectId, suppressed: Bool, now: Date) -> DialProgress {
        let zone = ContactTimeZone.resolve(
            phoneNumber: contact.phoneNumber, customFields: contact.customFields,
            campaignDefault: campaign.defaultTimeZone)
        var entry = DialProgress(campaignId: campaignId, contact: contact, contactId: contact.id!, timeZone: nil, now: now)
        if case .zone(let key) = zone { entry.timeZone = key }
        let reason: String? =
            if PhoneNumber(e164: contact.phoneNumber) == nil {
                "invalid phone number \"\(contact.phoneNumber)\": not E.164"
            } else if contact.status != .active {
                "contact status is \(contact.status.rawValue)"
            } else if suppressed {
                DialProgress.suppressedReason
            } else if case .unknown(let why) = zone {
                why
            } else {
                nil
            }
        if let reason {
            entry.state = .skipped
            entry.skipReason = reason
        }
        return entry
    }
}

import DialerCore
import Foundation

// Contacts and campaigns for the operator API. Each operation is one critical section, so the
// checks and writes the Mongo store makes in several steps are one atomic step here.
extension InMemoryStore {
    // MARK: Contacts

    public nonisolated(nonsending) func contact(phoneNumber: String) async throws -> Contact? {
        try locked {
            (contactsByPhone[phoneNumber] ?? []).compactMap { contacts[$0] }.min { ($0.createdAt, $0.id!) < ($1.createdAt, $1.id!) }
        }
    }

    public nonisolated(nonsending) func updateContact(id: ObjectId, _ changes: ContactChanges, now: Date) async throws -> Contact? {
        try locked {
            guard let old = contacts[id] else { return nil }
            var contact = changes.applied(to: old)
            contact.updatedAt = now
            if contact.phoneNumber != old.phoneNumber,
                let clash = (contactsByPhone[contact.phoneNumber] ?? []).compactMap({ contacts[$0] })
                    .first(where: { !Set($0.campaignIds).isDisjoint(with: contact.campaignIds) })
            {
                throw StoreError.duplicateKey(collection: Collections.contacts, index: "phoneNumber_1_campaignIds_1", key: clash.phoneNumber)
            }
            saveContact(contact, replacing: old)
            if changes.phoneNumber != nil || changes.priority != nil {
                for entry in progress.values where entry.contactId == id && entry.state.isClaimable {
                    var copied = entry
                    copied.phoneNumber = contact.phoneNumber
                    copied.priority = contact.priority
                    copied.updatedAt = now
                    saveProgress(copied, replacing: entry)
                }
            }
            return contact
        }
    }

    public nonisolated(nonsending) func addContactTags(id: ObjectId, _ tags: [String], now: Date) async throws -> Contact? {
        try locked {
            editContact(id, now: now) { contact in
                for tag in tags where !contact.tags.contains(tag) { contact.tags.append(tag) }
            }
        }
    }

    public nonisolated(nonsending) func removeContactTags(id: ObjectId, _ tags: [String], now: Date) async throws -> Contact? {
        try locked {
            editContact(id, now: now) { contact in contact.tags.removeAll(where: tags.contains) }
        }
    }

    private func editContact(_ id: ObjectId, now: Date, _ edit: (inout Contact) -> Void) -> Contact? {
        guard var contact = contacts[id] else { return nil }
        edit(&contact)
        contact.updatedAt = now
        contacts[id] = contact
        return contact
    }

    public nonisolated(nonsending) func deleteContact(id: ObjectId, now: Date) async throws -> ContactDeletion {
        try locked {
            guard let contact = contacts[id] else { return .notFound }
            let entries = progress.values.filter { $0.contactId == id }
            if let claim = entries.first(where: { $0.state == .calling }) { return .claimed(campaignId: claim.campaignId) }
            if calls.values.contains(where: { $0.contactId == id && !$0.status.isTerminal }) { return .liveCall }
            for campaignId in contact.campaignIds { contactsByCampaign[campaignId]?.remove(id) }
            contactsByPhone[contact.phoneNumber]?.remove(id)
            contacts[id] = nil
            entries.forEach(removeProgress)
            for (campaignId, campaign) in campaigns where campaign.contactIds.contains(id) {
                campaigns[campaignId]!.contactIds.removeAll { $0 == id }
                campaigns[campaignId]!.stats.totalContacts -= 1
                campaigns[campaignId]!.updatedAt = now
            }
            return .deleted
        }
    }

    public nonisolated(nonsending) func scanContacts(_ filter: ContactFilter, campaign: Campaign?, after: ScanCursor?, limit: Int) async throws
        -> ScanPage<Contact>
    {
        try locked {
            Self.scanPage(
                matchingContacts(filter, campaign: campaign), at: { ScanCursor(time: $0.createdAt, id: $0.id!) }, after: after, limit: limit)
        }
    }

    // MARK: Campaigns

    public nonisolated(nonsending) func updateCampaign(id: ObjectId, _ changes: CampaignChanges, whileStatusIn: [CampaignStatus]?, now: Date)
        async throws -> CampaignUpdate
    {
        try locked {
            guard let campaign = campaigns[id] else { return .notFound }
            if let whileStatusIn, !whileStatusIn.contains(campaign.status) { return .statusConflict(campaign.status) }
            var updated = changes.applied(to: campaign)
            updated.updatedAt = now
            campaigns[id] = updated
            return .updated(updated)
        }
    }

    public nonisolated(nonsending) func deleteCampaign(id: ObjectId) async throws -> CampaignDeletion {
        try locked {
            let inFlight = liveCallsByCampaign[id]?.count ?? 0
            if inFlight > 0 { return .callsInFlight(inFlight) }
            guard let campaign = campaigns[id] else { return .notFound }
            if campaign.status == .active { return .active }
            campaigns[id] = nil
            let entries = campaignProgress(id)
            entries.forEach(removeProgress)
            progressByCampaign[id] = nil
            claimQueues[id] = nil
            for contactId in contactsByCampaign[id] ?? [] {
                guard var contact = contacts[contactId] else { continue }
                contact.campaignIds.removeAll { $0 == id }
                saveContact(contact, replacing: contacts[contactId])
            }
            return .deleted(progressRemoved: entries.count)
        }
    }

    public nonisolated(nonsending) func addCampaignContacts(id: ObjectId, contactIds: [ObjectId], now: Date) async throws -> MembershipAddition? {
        try locked {
            guard let campaign = campaigns[id] else { return nil }
            var result = MembershipAddition()
            var members: [Contact] = []
            for contactId in Self.unique(contactIds) {
                guard let contact = contacts[contactId] else {
                    result.unknown.append(contactId)
                    continue
                }
                members.append(contact)
            }
            members.sort { $0.id! < $1.id! }
            for contact in members {
                let contactId = contact.id!
                if contact.campaignIds.contains(id) || campaigns[id]!.contactIds.contains(contactId) {
                    result.alreadyMembers.append(contactId)
                    continue
                }
                campaigns[id]!.contactIds.append(contactId)
                campaigns[id]!.stats.totalContacts += 1
                campaigns[id]!.updatedAt = now
                result.added.append(contactId)
            }
            for contact in members {
                if let entry = progressByCampaign[id]?[contact.id!].flatMap({ progress[$0] }),
                    entry.state == .skipped, entry.skipReason == DialProgress.removedFromCampaignReason
                {
                    removeProgress(entry)
                }
            }
            let suppressed = suppressions.suppressed(among: members.filter { $0.status == .active }.map(\.phoneNumber))
            result.enrolled = insertMissingProgress(
                members.map {
                    DialProgress.enrollment(of: $0, in: campaign, campaignId: id, suppressed: suppressed.contains($0.phoneNumber), now: now)
                })
            return result
        }
    }

    public nonisolated(nonsending) func removeCampaignContacts(id: ObjectId, contactIds: [ObjectId], now: Date) async throws -> MembershipRemoval? {
        try locked {
            guard campaigns[id] != nil else { return nil }
            var result = MembershipRemoval()
            for contactId in Self.unique(contactIds) {
                let entry = progressByCampaign[id]?[contactId].flatMap { progress[$0] }
                let inCall = (liveCallsByCampaign[id] ?? []).contains { calls[$0]?.contactId == contactId }
                if inCall || entry?.state == .calling {
                    result.inCall.append(contactId)
                    continue
                }
                if let entry, entry.state.isClaimable {
                    var withdrawn = entry
                    withdrawn.state = .skipped
                    withdrawn.skipReason = DialProgress.removedFromCampaignReason
                    withdrawn.nextAttemptAt = nil
                    withdrawn.updatedAt = now
                    saveProgress(withdrawn, replacing: entry)
                }
                let wasListed = campaigns[id]!.contactIds.contains(contactId)
                let wasMember = contacts[contactId]?.campaignIds.contains(id) ?? false
                guard wasListed || wasMember else {
                    result.notMembers.append(contactId)
                    continue
                }
                campaigns[id]!.contactIds.removeAll { $0 == contactId }
                campaigns[id]!.stats.totalContacts -= 1
                campaigns[id]!.updatedAt = now
                if wasMember, var contact = contacts[contactId] {
                    contact.campaignIds.removeAll { $0 == id }
                    contact.updatedAt = now
                    saveContact(contact, replacing: contacts[contactId])
                }
                result.removed.append(contactId)
            }
            return result
        }
    }

    static func unique(_ ids: [ObjectId]) -> [ObjectId] {
        var seen = Set<ObjectId>()
        return ids.filter { seen.insert($0).inserted }
    }
}

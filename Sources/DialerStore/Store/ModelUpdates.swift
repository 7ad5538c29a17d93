import DialerCore
import Foundation

extension Call {
    /// The in-memory mirror of the `$set` the Mongo store sends: the non-nil fields, by `CallFields.merges`.
    mutating func apply(_ fields: CallFields) {
        for merge in CallFields.merges { merge.apply(fields, &self) }
    }
}

extension CallFilter {
    func matches(_ call: Call) -> Bool {
        if let campaignId, call.campaignId != campaignId { return false }
        if let contactId, call.contactId != contactId { return false }
        if let statuses, !statuses.contains(call.status) { return false }
        if let outcome, call.outcome != outcome { return false }
        if let minDuration, (call.duration ?? -1) < minDuration { return false }
        if let createdAfter, call.createdAt <= createdAfter { return false }
        if let createdBefore, call.createdAt >= createdBefore { return false }
        if let to, call.to != to { return false }
        if let after, !(call.id.map { ScanCursor(time: call.createdAt, id: $0) > after } ?? false) { return false }
        return true
    }
}

extension ContactFilter {
    /// `listed`: the campaign's `contactIds`, members as much as those naming it in `campaignIds`.
    func matches(_ contact: Contact, listed: Set<ObjectId>) -> Bool {
        if let campaignId, !(contact.campaignIds.contains(campaignId) || listed.contains(contact.id!)) { return false }
        if let statuses, !statuses.contains(contact.status) { return false }
        if let phoneNumber, contact.phoneNumber != phoneNumber { return false }
        if let tag, !contact.tags.contains(tag) { return false }
        if let createdAfter, contact.createdAt <= createdAfter { return false }
        if let createdBefore, contact.createdAt >= createdBefore { return false }
        return true
    }
}

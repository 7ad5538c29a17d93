import Foundation

extension DialProgress {
    /// Why a contact's progress was withdrawn: an operator removed it from the campaign. The entry is
    /// kept, not deleted, so an enrollment that listed the members before the removal cannot create it anew.
    public static let removedFromCampaignReason = "removed from the campaign"

    /// The progress a member contact starts with in `campaign`. Contacts that may not be called are
    /// enrolled as `skipped`, with the reason, so the campaign can finish; `suppressed` says whether the
    /// number is on the suppression list (the claim checks it again). The one enrollment rule: the
    /// runner's enrollment of every member and the store's enrollment of contacts added by an operator.
    public static func enrollment(of contact: Contact, in campaign: Campaign, campaignId: ObjectId, suppressed: Bool, now: Date) -> DialProgress {
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

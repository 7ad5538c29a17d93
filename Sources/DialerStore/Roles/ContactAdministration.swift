import DialerCore
import Foundation

/// An operator's reads and writes of contact documents beyond imports, and the export scan.
public protocol ContactAdministration: Sendable {
    /// The contact with exactly this E.164 number. A number may be stored more than once (one
    /// contact per campaign); then the first created (`createdAt`, then `_id`) is returned, and
    /// `listContacts` with `ContactFilter.phoneNumber` lists them all.
    nonisolated(nonsending) func contact(phoneNumber: String) async throws -> Contact?
    /// Writes only the given fields (and `updatedAt`) in one update and returns the contact as it
    /// now stands; nil when there is none. A new `phoneNumber` or `priority` is copied onto the
    /// contact's claimable dialing progress too (the claim orders by it); a claim in progress keeps
    /// what it dials. A number another contact of one of its campaigns has throws `.duplicateKey`.
    nonisolated(nonsending) func updateContact(id: ObjectId, _ changes: ContactChanges, now: Date) async throws -> Contact?
    /// Adds each tag not present yet (`$addToSet`); nil when there is no such contact.
    nonisolated(nonsending) func addContactTags(id: ObjectId, _ tags: [String], now: Date) async throws -> Contact?
    /// Removes every given tag present (`$pull`); nil when there is no such contact.
    nonisolated(nonsending) func removeContactTags(id: ObjectId, _ tags: [String], now: Date) async throws -> Contact?
    /// Deletes a contact that has no live call (a non-terminal call naming it) and no dialing claim
    /// (progress in `calling`) in any campaign; otherwise refuses and changes nothing.
    ///
    /// The check and the delete are two operations, so a claim can land between them. The delete
    /// closes that window by the engine's own gate: a claim dials only after `beginContactCall`
    /// has found the contact and pushed the call's id onto its `callIds`. The contact is removed
    /// with one find-and-delete that returns it, and then the claims are read again: a claim whose
    /// call id is in the removed document's `callIds` passed the gate before the delete, so the
    /// document is put back as it was and the delete refused. Any other claim meets the gate after
    /// the delete, finds no contact and does not dial (it is skipped as no longer active), which is
    /// the one trace a delete refused this late can leave. Once deleted, the contact's unclaimed
    /// progress is removed and it is pulled from its campaigns' `contactIds` (`totalContacts`
    /// follows); its calls stay, naming a contact that is gone.
    nonisolated(nonsending) func deleteContact(id: ObjectId, now: Date) async throws -> ContactDeletion
    /// One page of the contacts `filter` selects, in (`createdAt`, `_id`) order after `after`, with no
    /// count: a caller streams every match (a campaign's contacts, with `campaign` as `listContacts`
    /// takes it) page by page in constant memory.
    nonisolated(nonsending) func scanContacts(_ filter: ContactFilter, campaign: Campaign?, after: ScanCursor?, limit: Int) async throws
        -> ScanPage<Contact>
}

public enum ContactDeletion: Sendable, Equatable {
    case deleted
    /// A call naming the contact is not terminal; nothing changed.
    case liveCall
    /// A campaign's claim on the contact is in progress; nothing changed.
    case claimed(campaignId: ObjectId)
    case notFound
}

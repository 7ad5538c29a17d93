import DialerCore
import Foundation

/// Contact documents as operators and imports see them.
public protocol ContactRecords: Sendable {
    nonisolated(nonsending) func insertContacts(_ contacts: [Contact]) async throws -> [ObjectId]
    nonisolated(nonsending) func contact(id: ObjectId) async throws -> Contact?
    /// Replaces a stored contact (matched by id); false when there is none.
    nonisolated(nonsending) func updateContact(_ contact: Contact, now: Date) async throws -> Bool
    nonisolated(nonsending) func listContacts(_ filter: ContactFilter, campaign: Campaign?, page: PageRequest) async throws -> Page<Contact>
}

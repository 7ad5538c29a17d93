import DialerCore
import DialerStore

extension InMemoryStore {
    /// Stands in for an operator editing a contact document directly.
    func setContactStatusForTest(_ id: ObjectId, _ status: ContactStatus) async throws {
        guard var contact = try await contact(id: id) else { return }
        contact.status = status
        _ = try await updateContact(contact, now: contact.updatedAt)
    }
}

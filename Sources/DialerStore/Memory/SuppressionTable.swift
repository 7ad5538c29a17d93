import DialerCore
import Foundation

/// The in-memory store's suppression list, with Mongo's unique index on active numbers as a map.
/// A value: `InMemoryStore` runs each method under its lock, so each is atomic.
struct SuppressionTable {
    private var entries: [ObjectId: Suppression] = [:]
    private var activeByNumber: [String: ObjectId] = [:]

    mutating func suppress(_ new: [Suppression]) -> [String] {
        var added: [String] = []
        for entry in new where activeByNumber[entry.phoneNumber] == nil {
            var stored = entry
            stored.id = entry.id ?? ObjectId()
            stored.status = .active
            entries[stored.id!] = stored
            activeByNumber[entry.phoneNumber] = stored.id!
            added.append(entry.phoneNumber)
        }
        return added
    }

    func active(_ phoneNumber: String) -> Suppression? { activeByNumber[phoneNumber].flatMap { entries[$0] } }

    func suppressed(among phoneNumbers: [String]) -> Set<String> { Set(phoneNumbers.filter { activeByNumber[$0] != nil }) }

    mutating func lift(_ phoneNumber: String, by: String, reason: String, now: Date) -> Suppression? {
        guard let id = activeByNumber.removeValue(forKey: phoneNumber), var entry = entries[id] else { return nil }
        entry.status = .removed
        entry.removedAt = now
        entry.removedBy = by
        entry.removalReason = reason
        entry.updatedAt = now
        entries[id] = entry
        return entry
    }

    /// Newest first, as Mongo sorts `{createdAt: -1, _id: -1}`.
    func matching(_ filter: SuppressionFilter) -> [Suppression] {
        entries.values.filter(filter.matches).sorted { ($0.createdAt, $0.id!.hex) > ($1.createdAt, $1.id!.hex) }
    }
}

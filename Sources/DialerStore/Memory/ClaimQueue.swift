import DialerCore
import Foundation

/// Entries of one campaign in a claimable state (`DialState.isClaimable`), in claim order: priority
/// descending, then the contact's creation time, then id (a total order, so two stores claim alike).
struct ClaimQueue {
    private struct Key: Comparable {
        let priority: Int
        let createdAt: Date
        let id: ObjectId

        init(_ entry: DialProgress) {
            priority = entry.priority
            createdAt = entry.contactCreatedAt
            id = entry.id!
        }

        static func < (a: Key, b: Key) -> Bool { (b.priority, a.createdAt, a.id) < (a.priority, b.createdAt, b.id) }
    }

    private var keys: [Key] = []

    /// The first id in claim order that `isDue` accepts.
    func first(where isDue: (ObjectId) -> Bool) -> ObjectId? { keys.first { isDue($0.id) }?.id }

    mutating func insert(_ entry: DialProgress) {
        let key = Key(entry)
        let index = position(of: key)
        if index < keys.count, keys[index] == key { return }
        keys.insert(key, at: index)
    }

    mutating func remove(_ entry: DialProgress) {
        let key = Key(entry)
        let index = position(of: key)
        if index < keys.count, keys[index] == key { keys.remove(at: index) }
    }

    /// The first index whose key is not before `key`.
    private func position(of key: Key) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Timers in nanoseconds, each with a window: due from its deadline, late after deadline plus
/// tolerance. The loop fires every due timer whenever it wakes, and sleeps only until the
/// earliest latest-time, so timers with tolerance ride on wakes that happen anyway.
/// A cancelled timer is dropped when it comes up.
struct TimerHeap {
    private var byDeadline = MinHeap()
    private var byLatest = MinHeap()
    private var actions: [UInt64: @Sendable () -> Void] = [:]
    private var nextId: UInt64 = 0

    var isEmpty: Bool { actions.isEmpty }

    /// When the loop must be awake next: the earliest deadline-plus-tolerance still live.
    mutating func nextWake() -> Int64? {
        byLatest.dropTop { actions[$0] == nil }
        return byLatest.top?.key
    }

    /// The earliest deadline still live.
    mutating func nextDeadline() -> Int64? {
        byDeadline.dropTop { actions[$0] == nil }
        return byDeadline.top?.key
    }

    mutating func insert(deadline: Int64, tolerance: Int64 = 0, action: @escaping @Sendable () -> Void) -> UInt64 {
        nextId += 1
        actions[nextId] = action
        byDeadline.insert(key: deadline, id: nextId)
        byLatest.insert(key: deadline &+ max(0, tolerance), id: nextId)
        return nextId
    }

    mutating func cancel(_ id: UInt64) { actions[id] = nil }

    /// Removes and returns the action of the earliest timer due at `now`, if any.
    mutating func popDue(now: Int64) -> (@Sendable () -> Void)? {
        while let deadline = nextDeadline(), deadline <= now {
            let id = byDeadline.popTop()
            if let action = actions.removeValue(forKey: id) { return action }
        }
        return nil
    }
}

/// A binary min-heap of (key, id), ties broken by id so equal keys fire in the order set.
struct MinHeap {
    private var entries: [(key: Int64, id: UInt64)] = []

    var top: (key: Int64, id: UInt64)? { entries.first }

    mutating func insert(key: Int64, id: UInt64) {
        entries.append((key, id))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(child, parent) else { return }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Discards top entries while `isStale` says so.
    mutating func dropTop(while isStale: (UInt64) -> Bool) {
        while let top = entries.first, isStale(top.id) { _ = popTop() }
    }

    @discardableResult
    mutating func popTop() -> UInt64 {
        let id = entries[0].id
        let last = entries.removeLast()
        guard !entries.isEmpty else { return id }
        entries[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < entries.count else { break }
            var smallest = left
            if left + 1 < entries.count, before(left + 1, left) { smallest = left + 1 }
            guard before(smallest, parent) else { break }
            entries.swapAt(smallest, parent)
            parent = smallest
        }
        return id
    }

    private func before(_ a: Int, _ b: Int) -> Bool {
        entries[a].key < entries[b].key || (entries[a].key == entries[b].key && entries[a].id < entries[b].id)
    }
}

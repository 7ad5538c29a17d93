/// Deadlines in nanoseconds, earliest first; a cancelled timer is dropped when it comes up.
struct TimerHeap {
    private struct Entry {
        let deadline: Int64
        let id: UInt64
    }

    private var entries: [Entry] = []
    private var actions: [UInt64: @Sendable () -> Void] = [:]
    private var nextId: UInt64 = 0

    var isEmpty: Bool { actions.isEmpty }

    /// The earliest deadline still live; cancelled entries on top are discarded here.
    mutating func nextDeadline() -> Int64? {
        while let top = entries.first {
            if actions[top.id] != nil { return top.deadline }
            popTop()
        }
        return nil
    }

    mutating func insert(deadline: Int64, action: @escaping @Sendable () -> Void) -> UInt64 {
        nextId += 1
        actions[nextId] = action
        entries.append(Entry(deadline: deadline, id: nextId))
        siftUp(entries.count - 1)
        return nextId
    }

    mutating func cancel(_ id: UInt64) { actions[id] = nil }

    /// Removes and returns the action of the earliest timer due at `now`, if any.
    mutating func popDue(now: Int64) -> (@Sendable () -> Void)? {
        while let deadline = nextDeadline(), deadline <= now {
            let id = entries[0].id
            popTop()
            if let action = actions.removeValue(forKey: id) { return action }
        }
        return nil
    }

    private mutating func popTop() {
        let last = entries.removeLast()
        guard !entries.isEmpty else { return }
        entries[0] = last
        siftDown(0)
    }

    private func before(_ a: Int, _ b: Int) -> Bool {
        entries[a].deadline < entries[b].deadline || (entries[a].deadline == entries[b].deadline && entries[a].id < entries[b].id)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(child, parent) else { return }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < entries.count else { return }
            var smallest = left
            if left + 1 < entries.count, before(left + 1, left) { smallest = left + 1 }
            guard before(smallest, parent) else { return }
            entries.swapAt(smallest, parent)
            parent = smallest
        }
    }
}

import DialerCore
import Foundation

/// Where a scan resumes: after this time and id, in the scan's (time, `_id`) order. A cursor
/// rather than an offset, so the documents a pass finishes (and which so leave the scan's filter)
/// do not shift the ones behind them out of reach.
public struct ScanCursor: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var time: Date
    public var id: ObjectId

    public init(time: Date, id: ObjectId) {
        self.time = time
        self.id = id
    }

    public static func < (a: ScanCursor, b: ScanCursor) -> Bool { (a.time, a.id) < (b.time, b.id) }

    public var description: String { "\(time.timeIntervalSince1970)/\(id.hex)" }
}

/// A stored document that does not fit its model. A scan reports it and goes on: one document
/// edited by hand must not stop the scan of every other.
public struct UnreadableDocument: Sendable, Equatable, CustomStringConvertible {
    public var collection: String
    public var id: ObjectId?
    /// The field path and what is wrong there, as in `attempt: expected Int, found string`.
    public var reason: String

    public init(collection: String, id: ObjectId?, reason: String) {
        self.collection = collection
        self.id = id
        self.reason = reason
    }

    public var description: String { "\(collection) \(id?.hex ?? "(no ObjectId _id)"): \(reason)" }
}

/// One page of a scan: what could be read, what could not, and where the next page starts.
public struct ScanPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var unreadable: [UnreadableDocument]
    /// nil once the scan has reached its end.
    public var next: ScanCursor?

    public init(items: [Item], unreadable: [UnreadableDocument] = [], next: ScanCursor?) {
        self.items = items
        self.unreadable = unreadable
        self.next = next
    }
}

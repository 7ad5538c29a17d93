import DialerCore
import DialerOperator
import Foundation

/// One `watch` request: every interval, a `progress` event per campaign, then a `tick`. With
/// `untilDone`, the response `{ok:true, result:{reason:"finished"}}` ends the stream once every
/// watched campaign is completed or cancelled; otherwise it runs until the client goes away or
/// sends another request.
struct WatchSession: Sendable {
    let requestId: JSONValue
    let backend: any OperatorBackend
    let target: ObjectId?
    let untilDone: Bool
    let interval: Duration
    let clock: any WallClock

    /// Returns true when the stream ended by itself (finished, or refused at once).
    func run(write: @Sendable (Data) async throws -> Void) async -> Bool {
        var rate = ProgressRate()
        var seen: [String] = []
        var first = true
        do {
            while !Task.isCancelled {
                let now = clock.now.date
                do {
                    var snapshots = try await backend.progress(of: target)
                    if target == nil {
                        // Keep showing campaigns that finished while watched, so their end is seen.
                        for id in seen where !snapshots.contains(where: { $0.id == id }) {
                            if let objectId = ObjectId(hex: id) { snapshots += try await backend.progress(of: objectId) }
                        }
                        for snapshot in snapshots where !seen.contains(snapshot.id) { seen.append(snapshot.id) }
                    }
                    snapshots = snapshots.map { rate.apply($0) }
                    for snapshot in snapshots { try await write(ReplyLine.event(id: requestId, "progress", snapshot)) }
                    try await write(ReplyLine.event(id: requestId, "tick", WatchTick(at: now, campaigns: snapshots.count)))
                    if untilDone, !snapshots.isEmpty, snapshots.allSatisfy(\.isFinished) {
                        try await write(ReplyLine.success(id: requestId, WatchEnd(reason: "finished", campaigns: snapshots)))
                        return true
                    }
                } catch let error as OperatorError where first {
                    try await write(ReplyLine.failure(id: requestId, error))
                    return true
                } catch let error as OperatorError {
                    try await write(ReplyLine.event(id: requestId, "error", ControlErrorBody(error)))
                } catch is CancellationError {
                    return false
                } catch  where first {
                    try await write(ReplyLine.failure(id: requestId, OperatorError(reporting: error)))
                    return true
                } catch {
                    // A database blip: say so and keep watching.
                    try await write(ReplyLine.event(id: requestId, "error", ControlErrorBody(OperatorError(reporting: error))))
                }
                first = false
                try await clock.sleep(until: WallInstant(now).advanced(by: interval), tolerance: nil)
            }
        } catch {
            // The client went away, or the watch was cancelled.
        }
        return false
    }
}

import Dispatch
import Foundation

/// Where authenticated callbacks go when the store cannot take them, so that a database outage
/// loses none: ElevenLabs does not retry a failed webhook, and Twilio retries only as far as
/// the callback URL's connection overrides ask. The webhook answers 2xx once the callback is
/// on disk; `SpoolReplayer` stores it when the database is back, in arrival order.
///
/// The file I/O (with its fsync) runs on a serial queue of its own, never on the cooperative pool.
public final class CallbackSpool: Sendable {
    public static let defaultMaxBytes = 256 << 20

    let journal: SpoolJournal
    /// How long the replayer waits before trying the store again after a failure.
    public let retryInterval: Duration
    private let queue = DispatchQueue(label: "dialer.webhooks.spool")
    let appended: AsyncStream<Void>
    private let appendedContinuation: AsyncStream<Void>.Continuation

    /// Opens (creating it if needed) the spool in `directory`, dropping a torn last record.
    public init(directory: String, maxBytes: Int = CallbackSpool.defaultMaxBytes, retryInterval: Duration = .seconds(5)) throws(SpoolError) {
        journal = try SpoolJournal(directory: directory, maxBytes: maxBytes)
        self.retryInterval = retryInterval
        (appended, appendedContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The spool directory when none is configured: systemd's `StateDirectory`, else the XDG
    /// state directory, else `~/.local/state`, each with `dialer/spool` (`spool` under systemd's).
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let state = environment["STATE_DIRECTORY"]?.split(separator: ":").first, !state.isEmpty { return "\(state)/spool" }
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") { return "\(xdg)/dialer/spool" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "."
        return "\(home)/.local/state/dialer/spool"
    }

    public var path: String { journal.path }
    public var byteCount: Int { journal.byteCount }
    /// Bytes of a torn record cut off when the spool was opened (a crash during an append).
    public var droppedTailBytes: Int { journal.droppedTailBytes }

    func append(_ callback: SpooledCallback) async throws(SpoolError) {
        let payload = callback.encoded()
        try await onQueue { [journal] () throws(SpoolError) in try journal.append(payload) }
        appendedContinuation.yield()
    }

    func records(from offset: Int, limit: Int) async throws(SpoolError) -> [(payload: [UInt8], end: Int)] {
        try await onQueue { [journal] () throws(SpoolError) in try journal.records(from: offset, limit: limit) }
    }

    func discard(upTo offset: Int) async throws(SpoolError) {
        try await onQueue { [journal] () throws(SpoolError) in try journal.discard(upTo: offset) }
    }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () throws(SpoolError) -> T) async throws(SpoolError) -> T {
        let result: Result<T, SpoolError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(SpoolError) { continuation.resume(returning: .success(try work())) } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}

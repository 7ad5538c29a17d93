import DialerStore
import Foundation
import Logging
import ServiceLifecycle

/// Stores what the spool holds, in arrival order, through the same ingest path a live callback
/// takes (already authenticated, so not verified again). Ingest is idempotent (status only
/// moves forward, events are unique per call and sequence number, recordings and transcripts
/// are upserts), so a record replayed twice, after a crash between storing and discarding it,
/// or one that races a provider's own retry, changes nothing the second time.
///
/// Replays on start (what a previous run spooled), whenever something is spooled, and every
/// `retryInterval` while the store still fails. Stops at the first record the store cannot
/// take, so the order holds; a record that can never be stored (it no longer parses, or the
/// store refuses it for good) is logged by route and dropped, so it cannot block the rest.
public final class SpoolReplayer: Service, Sendable {
    public enum Pass: Sendable, Equatable {
        /// The spool is empty; `count` records were stored (or dropped) on the way.
        case drained(count: Int)
        /// The store failed again after `count` records; the rest waits for the next pass.
        case stalled(count: Int)
    }

    private let spool: CallbackSpool
    private let handler: WebhookHandler
    private let logger: Logger
    private static let batchSize = 64

    public init(spool: CallbackSpool, handler: WebhookHandler, logger: Logger = Logger(label: "dialer.webhooks.spool")) {
        self.spool = spool
        self.handler = handler
        self.logger = logger
    }

    public func run() async {
        if spool.droppedTailBytes > 0 {
            logger.error("callback spool: a torn record from a crash was cut off", metadata: ["bytes": "\(spool.droppedTailBytes)"])
        }
        await cancelWhenGracefulShutdown { [self] in
            var wakes = spool.appended.makeAsyncIterator()
            while !Task.isCancelled {
                switch await replayPass() {
                case .drained: if await wakes.next() == nil { return }
                case .stalled: try? await Task.sleep(for: spool.retryInterval)
                }
            }
        }
    }

    /// One pass over the spool: stores records in order until it is empty or the store fails.
    public func replayPass() async -> Pass {
        var offset = 0
        var count = 0
        defer { if count > 0 { logger.info("callback spool replayed", metadata: ["records": "\(count)"]) } }
        while true {
            let batch: [(payload: [UInt8], end: Int)]
            do {
                batch = try await spool.records(from: offset, limit: Self.batchSize)
            } catch {
                logger.error("callback spool unreadable", metadata: ["error": "\(error)"])
                return .stalled(count: count)
            }
            if batch.isEmpty {
                return await discard(upTo: offset) ? .drained(count: count) : .stalled(count: count)
            }
            for record in batch {
                guard await replay(record.payload) else {
                    _ = await discard(upTo: offset)
                    return .stalled(count: count)
                }
                offset = record.end
                count += 1
            }
        }
    }

    /// True when the record is done with (stored, or dropped for good); false when the store failed.
    private func replay(_ payload: [UInt8]) async -> Bool {
        let callback: SpooledCallback
        do {
            callback = try SpooledCallback(decoding: payload)
        } catch {
            logger.error("callback spool record dropped: undecodable", metadata: ["error": "\(error)"])
            return true
        }
        do {
            let outcome = try await handler.process(callback.route, callback.request)
            logger.debug("spooled callback stored", metadata: ["route": "\(callback.route.rawValue)", "outcome": "\(outcome.rawValue)"])
            return true
        } catch  where error.isStoreOutage {
            logger.notice("callback spool waits: store unavailable", metadata: ["error": "\(error)"])
            return false
        } catch {
            logger.error(
                "callback spool record dropped: it cannot be stored",
                metadata: ["route": "\(callback.route.rawValue)", "error": "\(error)"])
            return true
        }
    }

    private func discard(upTo offset: Int) async -> Bool {
        do {
            try await spool.discard(upTo: offset)
            return true
        } catch {
            logger.error("callback spool not compacted; its records will be replayed again", metadata: ["error": "\(error)"])
            return false
        }
    }
}

extension Error {
    /// A failure that says nothing about the callback, only that the database cannot be reached
    /// now: worth spooling and trying again. Anything else would fail the same way on every replay.
    var isStoreOutage: Bool {
        switch self as? StoreError {
        case .unavailable, .timeout: true
        default: false
        }
    }
}

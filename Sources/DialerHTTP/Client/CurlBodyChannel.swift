import DialerCore

/// The bounded buffer between a streaming transfer (the driver thread writes) and the one task
/// reading its body.
///
/// The writer never blocks: when `capacity` bytes wait unread it is told to pause, and the reader,
/// once it has drained the buffer to half, asks for the transfer to resume. So at most `capacity`
/// bytes plus one network read are held, however large the body.
final class CurlBodyChannel: Sendable {
    enum Offer {
        case accepted
        /// Pause the transfer; curl delivers the same bytes again once resumed.
        case full
        /// The reader has gone; abort the transfer.
        case closed
    }

    enum Take {
        case chunk([UInt8], resumeWriter: Bool)
        case end
        case failed(HTTPClientError)
    }

    private typealias Waiter = CheckedContinuation<Take, Never>

    private struct State {
        var chunks: [[UInt8]] = []
        var buffered = 0
        var writerPaused = false
        /// nil while the body flows; `.some(nil)` at a clean end.
        var end: HTTPClientError??
        var waiter: Waiter?
    }

    let capacity: Int
    private let state = LockedValue(State())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    // MARK: Writer (driver thread)

    func offer(_ bytes: UnsafeBufferPointer<UInt8>) -> Offer {
        let (offer, waiter) = state.withLock { state -> (Offer, Waiter?) in
            if state.end != nil { return (.closed, nil) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (.accepted, waiter)
            }
            if state.buffered >= capacity {
                state.writerPaused = true
                return (.full, nil)
            }
            state.chunks.append(Array(bytes))
            state.buffered += bytes.count
            return (.accepted, nil)
        }
        waiter?.resume(returning: .chunk(Array(bytes), resumeWriter: false))
        return offer
    }

    /// Ends the body: nil for a clean end. The reader still gets the chunks buffered before it.
    /// Later calls change nothing.
    func finish(_ error: HTTPClientError?) {
        let waiter = state.withLock { state -> Waiter? in
            guard state.end == nil else { return nil }
            state.end = .some(error)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: error.map { .failed($0) } ?? .end)
    }

    // MARK: Reader

    /// Whether the body has ended, cleanly, by failure or by `close()`.
    var isEnded: Bool { state.withLock { $0.end != nil } }

    func take() async -> Take {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Take? in
                if !state.chunks.isEmpty {
                    let chunk = state.chunks.removeFirst()
                    state.buffered -= chunk.count
                    let resume = state.writerPaused && state.buffered <= capacity / 2
                    if resume { state.writerPaused = false }
                    return .chunk(chunk, resumeWriter: resume)
                }
                switch state.end {
                case .some(.none): return .end
                case .some(.some(let error)): return .failed(error)
                case .none:
                    state.waiter = continuation
                    return nil
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// The reader is gone: drops what is buffered and fails a pending `take` with `.cancelled`.
    /// Returns false if the body had already ended, when there is no transfer left to abort.
    @discardableResult
    func close() -> Bool {
        let (wasOpen, waiter) = state.withLock { state -> (Bool, Waiter?) in
            state.chunks.removeAll()
            state.buffered = 0
            guard state.end == nil else { return (false, nil) }
            state.end = .some(.cancelled)
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        waiter?.resume(returning: .failed(.cancelled))
        return wasOpen
    }
}

/// The body of a streaming `CurlTransfer`, as its reader sees it. Dropping it unread aborts the transfer.
final class CurlBodySource: HTTPBodySource {
    private let channel: CurlBodyChannel
    private let transfer: CurlTransfer
    private let driver: CurlMultiDriver

    init(channel: CurlBodyChannel, transfer: CurlTransfer, driver: CurlMultiDriver) {
        self.channel = channel
        self.transfer = transfer
        self.driver = driver
    }

    deinit { cancel() }

    func next() async throws(HTTPClientError) -> [UInt8]? {
        let take = await withTaskCancellationHandler {
            await channel.take()
        } onCancel: {
            cancel()
        }
        switch take {
        case .chunk(let bytes, let resumeWriter):
            if resumeWriter { driver.resume(transfer) }
            return bytes
        case .end:
            return nil
        case .failed(let error):
            throw error
        }
    }

    func cancel() {
        if channel.close() { driver.cancel(transfer) }
    }
}

import DialerCore

/// Responses whose body arrives as it downloads, for bodies too large to hold (recording audio).
///
/// `stream` returns once the response head (status and headers) has arrived; the body follows as
/// chunks through a bounded buffer, so a download runs in constant memory however large it is: when
/// the reader falls behind, the transfer pauses until it catches up. Cancelling the reading task,
/// calling `cancel()`, or dropping the body unread aborts the transfer.
///
/// The request's `totalTimeout` covers the whole body, and its `maxResponseBytes` caps it: set both
/// for the size and pace of what is downloaded.
public protocol HTTPStreamingClient: Sendable {
    func stream(_ request: HTTPRequest, bufferCapacity: Int) async throws(HTTPClientError) -> HTTPStreamedResponse
}

extension HTTPStreamingClient {
    public func stream(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPStreamedResponse {
        try await stream(request, bufferCapacity: HTTPBodyStream.defaultBufferCapacity)
    }
}

public struct HTTPStreamedResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: HTTPBodyStream

    public init(status: Int, headers: [HTTPHeader], body: HTTPBodyStream) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Case-insensitive; the last value wins, as after a redirect.
    public func header(_ name: String) -> String? { headers.lastValue(named: name) }
}

/// A response body as byte chunks, read once. Errors are `HTTPClientError`s: a transfer that fails
/// midway ends the sequence with the error rather than quietly, so a truncated body is never taken
/// for a whole one.
public struct HTTPBodyStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    public typealias Failure = HTTPClientError

    /// The most body bytes held between the network and the reader, plus one network read.
    public static let defaultBufferCapacity = 256 << 10

    private let source: any HTTPBodySource

    init(source: any HTTPBodySource) {
        self.source = source
    }

    /// A body already in memory, for fakes of `HTTPStreamingClient`.
    public init(chunks: [[UInt8]]) {
        source = ChunkListBodySource(chunks)
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(source: source) }

    /// Aborts the transfer; a reader waiting for a chunk gets `.cancelled`. Idempotent.
    public func cancel() { source.cancel() }

    /// Reads the rest of the body into memory, for short bodies such as an error's. Past `limit`
    /// bytes the transfer is cancelled and the first `limit` bytes are returned.
    public func collect(upTo limit: Int) async throws(HTTPClientError) -> [UInt8] {
        var bytes: [UInt8] = []
        while let chunk = try await source.next() {
            bytes.append(contentsOf: chunk.prefix(limit - bytes.count))
            if bytes.count >= limit {
                source.cancel()
                break
            }
        }
        return bytes
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Element = [UInt8]
        public typealias Failure = HTTPClientError
        let source: any HTTPBodySource

        public mutating func next() async throws(HTTPClientError) -> [UInt8]? {
            try await source.next()
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(HTTPClientError) -> [UInt8]? {
            try await source.next()
        }
    }
}

/// What feeds an `HTTPBodyStream`: a live transfer, or chunks in memory.
protocol HTTPBodySource: AnyObject, Sendable {
    /// The next chunk, nil at the end of the body.
    func next() async throws(HTTPClientError) -> [UInt8]?
    func cancel()
}

private final class ChunkListBodySource: HTTPBodySource {
    private let state: LockedValue<(chunks: ArraySlice<[UInt8]>, cancelled: Bool)>

    init(_ chunks: [[UInt8]]) {
        state = LockedValue((chunks[...], false))
    }

    func next() async throws(HTTPClientError) -> [UInt8]? {
        let (chunk, cancelled) = state.withLock { state -> ([UInt8]?, Bool) in
            if state.cancelled { return (nil, true) }
            return (state.chunks.popFirst(), false)
        }
        if cancelled { throw .cancelled }
        return chunk
    }

    func cancel() { state.withLock { $0.cancelled = true } }
}

extension [HTTPHeader] {
    /// Case-insensitive; the last value wins, as after a redirect.
    public func lastValue(named name: String) -> String? {
        let lower = name.lowercased()
        return last { $0.name.lowercased() == lower }?.value
    }
}

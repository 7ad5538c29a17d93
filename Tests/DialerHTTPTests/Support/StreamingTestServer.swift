import DialerCore
import Foundation
import HTTPTypes
import Hummingbird

/// A loopback server for the streaming client: large bodies written as fast as the connection
/// takes them, with what the server managed to write visible to the test.
struct StreamingTestServer: Sendable {
    let baseURL: String
    let progress: LargeBodyProgress
    /// Opens the gate of the `/gated` route, which holds the rest of its body until then.
    let openGate: @Sendable () -> Void

    func url(_ path: String) -> String { baseURL + path }

    /// Byte `index` of every body this server sends, so a reader can check each byte it got.
    static func byte(at index: Int) -> UInt8 { UInt8(truncatingIfNeeded: index % 251) }

    static let chunkSize = 64 << 10

    /// Whether `chunk` is the pattern's bytes from `offset` on. Compares memory: a byte loop in a
    /// debug build took seconds a hundred MiB.
    static func matches(_ chunk: [UInt8], at offset: Int) -> Bool {
        guard !chunk.isEmpty, chunk.count <= checkWindow.count - 251 else { return chunk.isEmpty }
        let phase = offset % 251
        return chunk.withUnsafeBytes { got in
            checkWindow.withUnsafeBytes { want in memcmp(got.baseAddress!, want.baseAddress! + phase, got.count) == 0 }
        }
    }

    private static let checkWindow = (0..<((1 << 20) + 251)).map(byte(at:))
}

/// What the handler of the last `/large` request wrote, and how it ended.
final class LargeBodyProgress: Sendable {
    enum Ending: Equatable, Sendable {
        case writing
        case finished
        /// A write failed: the client went away.
        case failed
    }

    private let state = LockedValue((written: 0, ending: Ending.writing))

    var written: Int { state.withLock { $0.written } }
    var ending: Ending { state.withLock { $0.ending } }

    func started() { state.withLock { $0 = (0, .writing) } }
    func wrote(_ count: Int) { state.withLock { $0.written += count } }
    func ended(_ ending: Ending) { state.withLock { $0.ending = ending } }
}

func withStreamingTestServer<T: Sendable>(_ body: (StreamingTestServer) async throws -> T) async throws -> T {
    let progress = LargeBodyProgress()
    let (gate, opener) = AsyncStream.makeStream(of: Void.self)
    return try await withLoopbackServer(routes: { installStreamingRoutes(on: $0, progress: progress, gate: gate) }) { server in
        try await body(
            StreamingTestServer(
                baseURL: server.baseURL, progress: progress,
                openGate: {
                    opener.yield()
                    opener.finish()
                }))
    }
}

/// The pattern repeats every 251 bytes, so any chunk of it is a slice of one buffer made once.
private let patternSource = ByteBuffer(bytes: (0..<(StreamingTestServer.chunkSize + 251)).map(StreamingTestServer.byte(at:)))

private func patternChunk(from offset: Int, count: Int) -> ByteBuffer {
    patternSource.getSlice(at: offset % 251, length: count)!
}

private func installStreamingRoutes(on router: Router<LoopbackRequestContext>, progress: LargeBodyProgress, gate: AsyncStream<Void>) {
    // `count` bytes of the pattern, with Content-Length, each write awaiting the connection's room.
    router.get("large/:count") { _, context -> Response in
        let count = try context.parameters.require("count", as: Int.self)
        progress.started()
        return Response(
            status: .ok, headers: [.contentType: "application/octet-stream"],
            body: ResponseBody(contentLength: count) { writer in
                var offset = 0
                do {
                    while offset < count {
                        let size = min(StreamingTestServer.chunkSize, count - offset)
                        try await writer.write(patternChunk(from: offset, count: size))
                        offset += size
                        progress.wrote(size)
                    }
                    try await writer.finish(nil)
                    progress.ended(.finished)
                } catch {
                    progress.ended(.failed)
                    throw error
                }
            })
    }

    // One chunk, then nothing until the test opens the gate, then one more chunk.
    router.get("gated") { _, _ -> Response in
        Response(
            status: .ok,
            body: ResponseBody { writer in
                try await writer.write(patternChunk(from: 0, count: StreamingTestServer.chunkSize))
                for await _ in gate { break }
                try await writer.write(patternChunk(from: StreamingTestServer.chunkSize, count: StreamingTestServer.chunkSize))
                try await writer.finish(nil)
            })
    }

    router.get("missing") { _, _ -> Response in
        Response(status: .notFound, body: ResponseBody(byteBuffer: ByteBuffer(string: "no such thing")))
    }

    // Sends the client to `to`, as Twilio sends a recording's media to its storage.
    router.get("redirect") { request, _ -> Response in
        let target = request.uri.queryParameters.get("to") ?? "/"
        return Response(status: .found, headers: [.location: target])
    }

    router.get("authorization") { request, _ -> String in
        request.headers[.authorization] ?? "<none>"
    }
}

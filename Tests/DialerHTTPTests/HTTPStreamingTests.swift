import DialerHTTP
import DialerTestSupport
import Testing

/// CurlHTTPClient's streamed responses against a real HTTP server on 127.0.0.1.
@Suite struct HTTPStreamingTests {
    @Test func aLargeBodyArrivesWholeAndInOrder() async throws {
        let client = try CurlHTTPClient()
        try await withStreamingTestServer { server in
            let size = 8 << 20
            let response = try await client.stream(large(server.url("/large/\(size)")))
            #expect(response.status == 200)
            #expect(response.header("content-length") == String(size))
            #expect(response.header("Content-Type") == "application/octet-stream")
            var received = 0
            var chunks = 0
            var mismatches = 0
            for try await chunk in response.body {
                if !StreamingTestServer.matches(chunk, at: received) { mismatches += 1 }
                received += chunk.count
                chunks += 1
            }
            #expect(received == size)
            #expect(mismatches == 0)
            #expect(chunks > 1)
        }
        await client.shutdown()
    }

    @Test func theHeadAndFirstBytesArriveBeforeTheServerHasSentTheRest() async throws {
        let client = try CurlHTTPClient()
        try await withStreamingTestServer { server in
            // The server holds its second chunk until the gate opens, which only this test does:
            // reading the first chunk while it waits proves nothing waited for the whole body.
            let response = try await client.stream(HTTPRequest(method: "GET", url: server.url("/gated")))
            #expect(response.status == 200)
            var iterator = response.body.makeAsyncIterator()
            var before = 0
            while before < StreamingTestServer.chunkSize, let chunk = try await iterator.next() { before += chunk.count }
            #expect(before == StreamingTestServer.chunkSize)
            server.openGate()
            var after = 0
            while let chunk = try await iterator.next() { after += chunk.count }
            #expect(after == StreamingTestServer.chunkSize)
        }
        await client.shutdown()
    }

    @Test func aReaderThatFallsBehindHoldsTheServerBack() async throws {
        let client = try CurlHTTPClient()
        let size = 128 << 20
        let server = try BlockingBodyServer(bodySize: size)
        defer { server.close() }
        let response = try await client.stream(large(server.url), bufferCapacity: 256 << 10)
        var iterator = response.body.makeAsyncIterator()
        let first = try await iterator.next()
        #expect(first?.isEmpty == false)

        // Not reading: the client holds at most its buffer, the sockets fill, and the server's blocking
        // writes stop. Watches the real server until its progress stays put for half a second.
        let stalledAt = try await settledValue { server.progress.written }
        print("HTTPStreaming: with the reader stopped, the server got \(stalledAt >> 10) KiB of \(size >> 10) KiB out")
        #expect(server.progress.ending == .writing)
        // Far below the body: the client's buffer, curl's and the kernel's socket buffers, not the body.
        #expect(stalledAt < 32 << 20)

        var received = first?.count ?? 0
        var mismatches = 0
        while let chunk = try await iterator.next() {
            if !StreamingTestServer.matches(chunk, at: received) { mismatches += 1 }
            received += chunk.count
        }
        #expect(received == size)
        #expect(mismatches == 0)
        #expect(server.progress.ending == .finished)
        await client.shutdown()
    }

    @Test func cancellingTheReadingTaskAbortsTheTransfer() async throws {
        let client = try CurlHTTPClient()
        try await withStreamingTestServer { server in
            let response = try await client.stream(large(server.url("/large/\(1 << 30)")))
            let (firstChunk, signal) = AsyncStream.makeStream(of: Void.self)
            let reader = Task { () -> HTTPClientError? in
                do {
                    for try await _ in response.body {
                        signal.yield()
                        // Keeps reading until cancelled.
                    }
                    return nil
                } catch {
                    return error as? HTTPClientError
                }
            }
            for await _ in firstChunk { break }
            reader.cancel()
            #expect(await reader.value == .cancelled)
            // The server sees the connection go: its next write fails, long before 1 GiB is sent.
            let ending = try await settledValue { server.progress.ending == .writing ? nil : server.progress.ending }
            #expect(ending == .failed)
            #expect(server.progress.written < 1 << 30)

            // The client keeps working after an aborted stream.
            let next = try await client.send(HTTPRequest(method: "GET", url: server.url("/large/10")))
            #expect(next.body.count == 10)
        }
        await client.shutdown()
    }

    @Test func droppingAnUnreadBodyAbortsTheTransfer() async throws {
        let client = try CurlHTTPClient()
        try await withStreamingTestServer { server in
            do {
                let response = try await client.stream(large(server.url("/large/\(1 << 30)")))
                #expect(response.status == 200)
            }
            let ending = try await settledValue { server.progress.ending == .writing ? nil : server.progress.ending }
            #expect(ending == .failed)
        }
        await client.shutdown()
    }

    @Test func cancelStopsAPendingRead() async throws {
        let client = try CurlHTTPClient()
        try await withStreamingTestServer { server in
            let response = try await client.stream(HTTPRequest(method: "GET", url: server.url("/gated")))
            var iterator = response.body.makeAsyncIterator()
            var received = 0
            while received < StreamingTestServer.chunkSize, let chunk = try await iterator.next() { received += chunk.count }
            // The server now waits at its gate, so this read waits too, until the cancel.
            let pending = Task { [iterator] in
                var iterator = iterator
                return try await iterator.next()
            }
            response.body.cancel()
            await #expect(throws: HTTPClientError.cancelled) { _ = try await pending.value }
        }
        await client.shutdown()
    }

    @Test func anErrorStatusStreamsItsBodyToo() async throws {
        let client = try CurlHTTPClient()
        try await withStreamingTestServer { server in
            let response = try await client.stream(HTTPRequest(method: "GET", url: server.url("/missing")))
            #expect(response.status == 404)
            #expect(String(decoding: try await response.body.collect(upTo: 1024), as: UTF8.self) == "no such thing")
        }
        await client.shutdown()
    }

    @Test func aBodyOverTheLimitEndsWithAnError() async throws {
        let client = try CurlHTTPClient()
        try await withStreamingTestServer { server in
            // Content-Length announces too much, so curl refuses before the head is handed over.
            let request = HTTPRequest(method: "GET", url: server.url("/large/\(4 << 20)"), maxResponseBytes: 1 << 20)
            await #expect(throws: HTTPClientError.responseTooLarge(limit: 1 << 20)) { _ = try await client.stream(request) }
        }
        await client.shutdown()
    }

    @Test func aConnectFailureIsThrownBeforeAnyHead() async throws {
        let client = try CurlHTTPClient()
        let port = try closedLoopbackPort()
        let error = await #expect(throws: HTTPClientError.self) {
            _ = try await client.stream(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/"))
        }
        guard case .connectFailed? = error else {
            Issue.record("expected connectFailed, got \(String(describing: error))")
            return
        }
        await client.shutdown()
    }

    @Test func aFollowedRedirectStreamsTheTargetAndKeepsBasicAuthOnTheFirstHost() async throws {
        let client = try CurlHTTPClient()
        try await withStreamingTestServer { server in
            // 127.0.0.1 and localhost are different hosts to curl, though the same server.
            let port = server.baseURL.split(separator: ":").last.map(String.init) ?? ""
            let target = "http://localhost:\(port)/authorization"
            let request = HTTPRequest(
                method: "GET", url: server.url("/redirect?to=\(target)"),
                basicAuth: BasicCredentials(user: "AC1", password: "token-for-the-first-host-only"), followRedirects: true)
            let response = try await client.stream(request)
            #expect(response.status == 200)
            #expect(String(decoding: try await response.body.collect(upTo: 1024), as: UTF8.self) == "<none>")

            let unfollowed = try await client.send(HTTPRequest(method: "GET", url: server.url("/redirect?to=\(target)")))
            #expect(unfollowed.status == 302)
        }
        await client.shutdown()
    }

    @Test func aBodyFromChunksInMemoryReadsBackInOrder() async throws {
        let body = HTTPBodyStream(chunks: [[1, 2], [3]])
        var all: [UInt8] = []
        for try await chunk in body { all += chunk }
        #expect(all == [1, 2, 3])
        let cancelled = HTTPBodyStream(chunks: [[1]])
        cancelled.cancel()
        await #expect(throws: HTTPClientError.cancelled) { _ = try await cancelled.collect(upTo: 10) }
    }
}

/// A download too large for `send`'s defaults.
private func large(_ url: String) -> HTTPRequest {
    HTTPRequest(method: "GET", url: url, totalTimeout: .seconds(120), maxResponseBytes: 2 << 30)
}

/// Waits, up to 20 s, until `read` gives a non-nil value that stays the same for half a second,
/// and returns it. It watches a real server over real sockets, where no test clock can stand in.
private func settledValue<T: Equatable & Sendable>(_ read: () -> T?) async throws -> T {
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(20)
    var last = read()
    var stableSince = clock.now
    while clock.now < deadline {
        try await Task.sleep(for: .milliseconds(50))
        let current = read()
        if current != last {
            last = current
            stableSince = clock.now
        } else if let current, stableSince.duration(to: clock.now) >= .milliseconds(500) {
            return current
        }
    }
    throw SettleError.neverSettled(String(describing: last))
}

private enum SettleError: Error {
    case neverSettled(String)
}

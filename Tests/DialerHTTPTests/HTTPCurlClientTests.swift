import DialerCrypto
import DialerHTTP
import DialerTestSupport
import Testing

/// CurlHTTPClient against a real HTTP server on 127.0.0.1.
@Suite struct HTTPCurlClientTests {
    @Test func twoHundredConcurrentRequestsAllSucceed() async throws {
        let client = try CurlHTTPClient()
        try await withTestServer { server in
            let clock = ContinuousClock()
            let start = clock.now
            let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for i in 0..<200 {
                    group.addTask {
                        let response = try await client.send(HTTPRequest(method: "GET", url: server.url("/hello/\(i)")))
                        #expect(response.status == 200)
                        return (i, String(decoding: response.body, as: UTF8.self))
                    }
                }
                return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
            }
            print("CurlHTTPClient: 200 concurrent loopback GETs took \(start.duration(to: clock.now))")
            #expect(bodies.count == 200)
            for (i, body) in bodies { #expect(body == "hello \(i)") }
        }
        await client.shutdown()
    }

    @Test func cancellingTheTaskAbortsTheTransferPromptly() async throws {
        let client = try CurlHTTPClient()
        try await withTestServer { server in
            let request = HTTPRequest(method: "GET", url: server.url("/slow/10000"), totalTimeout: .seconds(30))
            let call = Task { () -> HTTPClientError? in
                do {
                    _ = try await client.send(request)
                    return nil
                } catch {
                    return error as? HTTPClientError
                }
            }
            var arrivals = server.slowArrivals.makeAsyncIterator()
            #expect(await arrivals.next() == "/slow/10000")

            let clock = ContinuousClock()
            let cancelledAt = clock.now
            call.cancel()
            let error = await call.value
            let took = cancelledAt.duration(to: clock.now)
            print("CurlHTTPClient: cancel of an in-flight request returned after \(took)")
            #expect(error == .cancelled)
            // Far below the server's 10 s: the transfer was aborted, not waited out. Not tighter,
            // because a loaded CI machine can delay the cancelled task's resumption by a second.
            #expect(took < .seconds(5))

            // The client keeps working after a cancel.
            let response = try await client.send(HTTPRequest(method: "GET", url: server.url("/hello/again")))
            #expect(String(decoding: response.body, as: UTF8.self) == "hello again")
        }
        await client.shutdown()
    }

    @Test func timeoutAfterTheRequestWasSentSaysSo() async throws {
        let client = try CurlHTTPClient()
        try await withTestServer { server in
            let request = HTTPRequest(method: "GET", url: server.url("/slow/5000"), totalTimeout: .milliseconds(300))
            let clock = ContinuousClock()
            let start = clock.now
            let error = await #expect(throws: HTTPClientError.self) { try await client.send(request) }
            let took = start.duration(to: clock.now)
            #expect(error == .timedOut(requestSent: true))
            #expect(error?.mayHaveReachedServer == true)
            #expect(took >= .milliseconds(300) && took < .seconds(3))
            var arrivals = server.slowArrivals.makeAsyncIterator()
            #expect(await arrivals.next() == "/slow/5000")
        }
        await client.shutdown()
    }

    @Test func refusedConnectionIsAConnectFailure() async throws {
        let client = try CurlHTTPClient()
        let port = try closedLoopbackPort()
        let request = HTTPRequest(
            method: "POST", url: "http://127.0.0.1:\(port)/2010-04-01/Calls.json",
            body: Array("To=%2B15551230000".utf8),
            basicAuth: BasicCredentials(user: "AC0123456789", password: "s3cr3t-auth-token"))
        let error = await #expect(throws: HTTPClientError.self) { try await client.send(request) }
        guard case .connectFailed(let message)? = error else {
            Issue.record("expected connectFailed, got \(String(describing: error))")
            return
        }
        #expect(error?.mayHaveReachedServer == false)
        #expect(!message.contains("s3cr3t-auth-token"))
        #expect(!String(describing: error).contains("s3cr3t-auth-token"))
        await client.shutdown()
    }

    @Test func connectTimeoutIsAConnectFailure() async throws {
        let client = try CurlHTTPClient()
        let listener = try UnresponsiveListener()
        defer { listener.close() }
        let request = HTTPRequest(
            method: "GET", url: "http://127.0.0.1:\(listener.port)/",
            connectTimeout: .milliseconds(200), totalTimeout: .seconds(60))
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: HTTPClientError.self) { try await client.send(request) }
        let took = start.duration(to: clock.now)
        guard case .connectFailed? = error else {
            Issue.record("expected connectFailed, got \(String(describing: error))")
            return
        }
        // Far below the total timeout, so a slow machine cannot pass a total timeout off as this one.
        #expect(took >= .milliseconds(200) && took < .seconds(30))
        await client.shutdown()
    }

    @Test func retryAfterHeaderIsVisible() async throws {
        let client = try CurlHTTPClient()
        try await withTestServer { server in
            let response = try await client.send(HTTPRequest(method: "GET", url: server.url("/throttled?after=17")))
            #expect(response.status == 429)
            #expect(response.header("retry-after") == "17")
            #expect(response.header("Retry-After") == "17")
            #expect(String(decoding: response.body, as: UTF8.self) == "slow down")
        }
        await client.shutdown()
    }

    @Test(arguments: ["bytes", "stream"])
    func oversizeBodyIsRefused(route: String) async throws {
        let client = try CurlHTTPClient()
        try await withTestServer { server in
            let tooBig = HTTPRequest(method: "GET", url: server.url("/\(route)/100000"), maxResponseBytes: 4096)
            let error = await #expect(throws: HTTPClientError.self) { try await client.send(tooBig) }
            #expect(error == .responseTooLarge(limit: 4096))

            let fits = HTTPRequest(method: "GET", url: server.url("/\(route)/4096"), maxResponseBytes: 4096)
            let body = try await client.send(fits).body
            #expect(body.count == 4096)
        }
        await client.shutdown()
    }

    @Test func basicAuthIsSentAsRFC7617Header() async throws {
        let client = try CurlHTTPClient()
        try await withTestServer { server in
            let credentials = BasicCredentials(user: "AC0123456789abcdef", password: "token:with:colons")
            let response = try await client.send(
                HTTPRequest(
                    method: "GET", url: server.url("/authorization"),
                    basicAuth: credentials))
            let expected = "Basic " + Base64.encode(Array("AC0123456789abcdef:token:with:colons".utf8))
            #expect(String(decoding: response.body, as: UTF8.self) == expected)

            let anonymous = try await client.send(HTTPRequest(method: "GET", url: server.url("/authorization")))
            #expect(String(decoding: anonymous.body, as: UTF8.self) == "<none>")
        }
        await client.shutdown()
    }

    @Test(arguments: ["POST", "PUT", "PATCH", "DELETE"])
    func methodBodyAndHeadersReachTheServer(method: String) async throws {
        let client = try CurlHTTPClient()
        try await withTestServer { server in
            // Over 1 KiB, where curl would otherwise wait for "100 Continue".
            let body = Array(String(repeating: "Status=completed&", count: 100).utf8)
            let response = try await client.send(
                HTTPRequest(
                    method: method, url: server.url("/echo"),
                    headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded"), HTTPHeader("X-Test", "yes")],
                    body: body))
            #expect(response.status == 200)
            #expect(response.body == body)
            #expect(response.header("X-Echo-Method") == method)
            #expect(response.header("X-Echo-Test-Header") == "yes")
            #expect(response.header("X-Echo-Content-Type") == "application/x-www-form-urlencoded")
            #expect(response.header("X-Echo-Expect") == "<none>")
        }
        await client.shutdown()
    }

    @Test func emptyPostBodyIsSent() async throws {
        let client = try CurlHTTPClient()
        try await withTestServer { server in
            let response = try await client.send(HTTPRequest(method: "POST", url: server.url("/echo")))
            #expect(response.status == 200)
            #expect(response.header("X-Echo-Method") == "POST")
            #expect(response.body.isEmpty)
        }
        await client.shutdown()
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let client = try CurlHTTPClient()
        try await withTestServer { server in
            var peers: Set<String> = []
            for _ in 0..<5 {
                let response = try await client.send(HTTPRequest(method: "GET", url: server.url("/peer")))
                peers.insert(String(decoding: response.body, as: UTF8.self))
            }
            #expect(peers.count == 1)
        }
        await client.shutdown()
    }

    @Test func headerInjectionIsRefusedBeforeSending() async throws {
        let client = try CurlHTTPClient()
        let request = HTTPRequest(
            method: "GET", url: "http://127.0.0.1:9/",
            headers: [HTTPHeader("X-Test", "a\r\nInjected: yes")])
        await #expect(throws: HTTPClientError.self) { try await client.send(request) }
        await client.shutdown()
    }

    @Test func shutdownFailsInFlightAndLaterRequests() async throws {
        let client = try CurlHTTPClient()
        try await withTestServer { server in
            let call = Task { () -> HTTPClientError? in
                do {
                    _ = try await client.send(HTTPRequest(method: "GET", url: server.url("/slow/10000")))
                    return nil
                } catch {
                    return error as? HTTPClientError
                }
            }
            var arrivals = server.slowArrivals.makeAsyncIterator()
            #expect(await arrivals.next() == "/slow/10000")
            await client.shutdown()
            #expect(await call.value == .cancelled)

            let error = await #expect(throws: HTTPClientError.self) {
                try await client.send(HTTPRequest(method: "GET", url: server.url("/hello/late")))
            }
            guard case .transport? = error else {
                Issue.record("expected a transport error after shutdown, got \(String(describing: error))")
                return
            }
        }
    }
}

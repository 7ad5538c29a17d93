import DialerTelephony
import DialerWebhooks
import Foundation
import Testing

/// Over real loopback sockets: a connection that sends nothing, stops halfway through its
/// headers, or sits idle after a kept-alive request is closed after `idleTimeout`.
@Suite("Webhook server idle timeout") struct IdleTimeoutTests {
    static let idle = Duration.milliseconds(400)

    @Test func idleConnectionsAreClosed() async throws {
        try await WebhookHarness.with(configure: { $0.idleTimeout = Self.idle }) { (h: WebhookHarness) async throws in
            let keptAlive = Array(
                """
                POST \(CallbackURLs.blandPath) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}
                """.utf8)
            let requests: [(String, [UInt8])] = [
                ("silent", []),
                ("half a request head", Array("POST \(CallbackURLs.blandPath) HTTP/1.1\r\nHost: 127.0".utf8)),
                ("idle after an answered request", keptAlive)
            ]
            for (name, bytes) in requests {
                let closedAfter = await RawHTTP.timeUntilClosed(port: h.port, sending: bytes, timeout: 5)
                let after = try #require(closedAfter, "\(name): still open 5 s later")
                #expect(after >= Self.idle, "\(name): closed before the idle timeout, after \(after)")
            }
        }
    }
}

import DialerTelephony
import DialerWebhooks
import Foundation
import Testing

/// A callback that cannot pass its signature check is answered from its headers: the server
/// does not wait for (or hold) a body of up to the route's limit first. Each request below
/// declares a 1 MB body and sends none, so only an answer given before reading arrives.
@Suite("Callbacks refused before their body is read") struct RefuseBeforeReadingTests {
    static func headersOnly(_ path: String, _ headers: [(String, String)]) -> [UInt8] {
        var head =
            "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(1024 * 1024)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return Array((head + "\r\n").utf8)
    }

    @Test func withNoSecretConfiguredEveryProviderIsRefusedAtOnce() async throws {
        try await WebhookHarness.with(configure: {
            $0.elevenLabsWebhookSecret = nil
            $0.blandWebhookSecret = nil
            $0.twilioAuthToken = nil
        }) { (h: WebhookHarness) async throws in
            let t = Int(h.clock.date.timeIntervalSince1970)
            let signed = [
                (CallbackURLs.elevenLabsPath, [(ElevenLabsSignature.headerName, "t=\(t),v0=\(String(repeating: "a", count: 64))")]),
                (CallbackURLs.blandPath, [(BlandSignature.headerName, String(repeating: "b", count: 64))]),
                (CallbackURLs.twilioStatusPath, [("X-Twilio-Signature", "c2lnbmF0dXJl")])
            ]
            for (path, headers) in signed {
                #expect(await RawHTTP.send(port: h.port, Self.headersOnly(path, headers), timeout: 3) == 403, "\(path)")
            }
        }
    }

    @Test func aMissingOrExpiredSignatureIsRefusedAtOnce() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            let old = Int(h.clock.date.timeIntervalSince1970) - 31 * 60
            let requests = [
                Self.headersOnly(CallbackURLs.elevenLabsPath, []),
                Self.headersOnly(CallbackURLs.elevenLabsPath, [(ElevenLabsSignature.headerName, "t=\(old),v0=\(String(repeating: "a", count: 64))")]),
                Self.headersOnly(CallbackURLs.elevenLabsPath, [(ElevenLabsSignature.headerName, "garbage")]),
                Self.headersOnly(CallbackURLs.blandPath, []),
                Self.headersOnly(CallbackURLs.twilioStatusPath, [])
            ]
            for (index, request) in requests.enumerated() {
                #expect(await RawHTTP.send(port: h.port, request, timeout: 3) == 403, "request \(index)")
            }
        }
    }
}

import DialerTelephony
import Foundation
import Testing

@Suite struct DialerSignatureTests {
    let body = Array(#"{"contactId":"65b000000000000000000002"}"#.utf8)
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aSignatureVerifiesOnlyForItsBodyAndSecret() {
        let header = DialerSignature.header(secret: "s", timestamp: Int(now.timeIntervalSince1970), body: body)
        #expect(DialerSignature.verify(header: header, secret: "s", body: body, now: now) == .valid)
        #expect(DialerSignature.verify(header: header, secret: "other", body: body, now: now) == .mismatch)
        #expect(DialerSignature.verify(header: header, secret: "s", body: body + [0x20], now: now) == .mismatch)
        #expect(DialerSignature.verify(header: nil, secret: "s", body: body, now: now) == .malformed)
        #expect(DialerSignature.verify(header: "v0=abc", secret: "s", body: body, now: now) == .malformed)
    }

    @Test func aStaleOrFutureTimestampIsRefused() {
        let stamp = Int(now.timeIntervalSince1970)
        let old = DialerSignature.header(secret: "s", timestamp: stamp - 301, body: body)
        #expect(DialerSignature.verify(header: old, secret: "s", body: body, now: now) == .expired)
        let ahead = DialerSignature.header(secret: "s", timestamp: stamp + 301, body: body)
        #expect(DialerSignature.verify(header: ahead, secret: "s", body: body, now: now) == .expired)
        let skewed = DialerSignature.header(secret: "s", timestamp: stamp + 30, body: body)
        #expect(DialerSignature.verify(header: skewed, secret: "s", body: body, now: now) == .valid)
    }
}

import DialerCrypto
import Testing

/// The expected value was computed independently: Python's `hmac.new(secret, b"1790000000." + body, sha256)`.
@Suite struct TimestampedSignatureTests {
    let secret = "whsec-test-secret"
    let body = Array(#"{"type":"call.ended"}"#.utf8)
    let t = 1_790_000_000

    @Test func theHeaderMatchesAnIndependentComputation() {
        #expect(
            TimestampedSignature.header(secret: secret, timestamp: t, body: body)
                == "t=1790000000,v0=773c28580f49f2c1a098c4adefd1bb83e3b2626746ae8c208284e7b1d1688a96")
    }

    @Test func verificationRefusesAChangedBodySecretOrAStaleTime() {
        let header = TimestampedSignature.header(secret: secret, timestamp: t, body: body)
        #expect(TimestampedSignature.isValid(header: header, body: body, secret: secret, now: t + 300))
        #expect(!TimestampedSignature.isValid(header: header, body: body + [0x20], secret: secret, now: t))
        #expect(!TimestampedSignature.isValid(header: header, body: body, secret: secret + "x", now: t))
        #expect(!TimestampedSignature.isValid(header: header, body: body, secret: secret, now: t + 301))
        #expect(
            !TimestampedSignature.isValid(
                header: header.replacingOccurrences(of: "t=1790000000", with: "t=1790000001"), body: body, secret: secret, now: t))
    }

    @Test func anyOfSeveralSignaturesMayMatchAndMalformedHeadersDoNot() {
        let good = TimestampedSignature.header(secret: secret, timestamp: t, body: body)
        let rotated = "t=\(t),v0=00ff," + good.split(separator: ",")[1]
        #expect(TimestampedSignature.isValid(header: rotated, body: body, secret: secret, now: t))
        for malformed in ["", "t=abc,v0=00", "v0=773c", "t=1790000000", "garbage"] {
            #expect(!TimestampedSignature.isValid(header: malformed, body: body, secret: secret, now: t), "\(malformed)")
        }
    }
}

import DialerCrypto
import Testing

@Suite struct CryptoEncodingTests {
    /// RFC 4648 §10.
    static let rfc4648: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")
    ]

    @Test func base64MatchesRFC4648() {
        for (plain, encoded) in Self.rfc4648 {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func base64URLUsesTheURLAlphabetWithoutPadding() {
        let bytes: [UInt8] = [0xFB, 0xFF, 0xBF]
        #expect(Base64.encode(bytes) == "+/+/")
        #expect(Base64URL.encode(bytes) == "-_-_")
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64URL.decode("-_8=") == [0xFB, 0xFF])
        // The JWT header every RS256 token starts with.
        #expect(Base64URL.encode(Array(#"{"alg":"RS256","typ":"JWT"}"#.utf8)) == "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9")
    }

    @Test func base64RejectsMalformedText() {
        #expect(Base64.decode("Zg=") == nil) // wrong length
        #expect(Base64.decode("Zh==") == nil) // non-zero leftover bits
        #expect(Base64.decode("Z!==") == nil) // outside the alphabet
        #expect(Base64.decode("-_8=") == nil) // URL alphabet in standard text
        #expect(Base64URL.decode("+/8") == nil)
    }

    @Test func base64RoundTripsEveryByteValue() {
        let all = (0...255).map { UInt8($0) }
        for length in 0...all.count where length % 17 == 0 || length < 5 {
            let slice = Array(all.prefix(length))
            #expect(Base64.decode(Base64.encode(slice)) == slice)
            #expect(Base64URL.decode(Base64URL.encode(slice)) == slice)
        }
    }

    @Test func hexRoundTrips() {
        #expect(Hex.encode([0x00, 0x0F, 0xA5, 0xFF]) == "000fa5ff")
        #expect(Hex.decode("000FA5ff") == [0x00, 0x0F, 0xA5, 0xFF])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }
}

import DialerCrypto
import Testing

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
private func repeated(_ byte: UInt8, _ count: Int) -> [UInt8] { Array(repeating: byte, count: count) }

/// Published vectors: RFC 2202 (HMAC-SHA1), RFC 4231 (HMAC-SHA256), FIPS 180-2 (SHA-256).
@Suite struct CryptoHMACTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: [UInt8]
        let message: [UInt8]
        let expectedHex: String
        var testDescription: String { name }
    }

    static let rfc2202: [Vector] = [
        Vector(
            name: "RFC 2202 case 1", key: repeated(0x0B, 20), message: bytes("Hi There"),
            expectedHex: "b617318655057264e28bc0b6fb378c8ef146be00"),
        Vector(
            name: "RFC 2202 case 2", key: bytes("Jefe"), message: bytes("what do ya want for nothing?"),
            expectedHex: "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
        Vector(
            name: "RFC 2202 case 3", key: repeated(0xAA, 20), message: repeated(0xDD, 50),
            expectedHex: "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
        Vector(
            name: "RFC 2202 case 4", key: Array(1...25), message: repeated(0xCD, 50),
            expectedHex: "4c9007f4026250c6bc8414f9bf50c86c2d7235da"),
        Vector(
            name: "RFC 2202 case 6", key: repeated(0xAA, 80),
            message: bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
            expectedHex: "aa4ae5e15272d00e95705637ce8a3b55ed402112"),
        Vector(
            name: "RFC 2202 case 7", key: repeated(0xAA, 80),
            message: bytes("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
            expectedHex: "e8e99d0f45237d786d6bbaa7965c7808bbff1a91")
    ]

    static let rfc4231: [Vector] = [
        Vector(
            name: "RFC 4231 case 1", key: repeated(0x0B, 20), message: bytes("Hi There"),
            expectedHex: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(
            name: "RFC 4231 case 2", key: bytes("Jefe"), message: bytes("what do ya want for nothing?"),
            expectedHex: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(
            name: "RFC 4231 case 3", key: repeated(0xAA, 20), message: repeated(0xDD, 50),
            expectedHex: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(
            name: "RFC 4231 case 4", key: Array(1...25), message: repeated(0xCD, 50),
            expectedHex: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(
            name: "RFC 4231 case 6", key: repeated(0xAA, 131),
            message: bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
            expectedHex: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(
            name: "RFC 4231 case 7", key: repeated(0xAA, 131),
            message: bytes(
                "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
            ),
            expectedHex: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")
    ]

    @Test(arguments: rfc2202)
    func hmacSHA1(_ vector: Vector) {
        #expect(Hex.encode(HMAC.sha1(key: vector.key, message: vector.message)) == vector.expectedHex)
    }

    @Test(arguments: rfc4231)
    func hmacSHA256(_ vector: Vector) {
        #expect(Hex.encode(HMAC.sha256(key: vector.key, message: vector.message)) == vector.expectedHex)
    }

    @Test func emptyKeyAndMessageAreAccepted() {
        // Same value as Python's hmac.new(b"", b"", "sha256").
        #expect(
            Hex.encode(HMAC.sha256(key: [], message: []))
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
        #expect(HMAC.sha1(key: [], message: []).count == 20)
    }

    @Test func sha256Digests() {
        #expect(
            Hex.encode(SHA256.digest(bytes("abc")))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Hex.encode(SHA256.digest([]))
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            Hex.encode(SHA256.digest(bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func constantTimeComparison() {
        let mac = HMAC.sha256(key: bytes("secret"), message: bytes("body"))
        var tampered = mac
        tampered[31] ^= 1
        #expect(constantTimeEquals(mac, mac))
        #expect(!constantTimeEquals(mac, tampered))
        #expect(!constantTimeEquals(mac, Array(mac.dropLast())))
        #expect(constantTimeEquals([], []))
    }

    @Test func randomBytesDiffer() {
        let a = secureRandomBytes(count: 32)
        let b = secureRandomBytes(count: 32)
        #expect(a.count == 32)
        #expect(a != b)
        #expect(secureRandomBytes(count: 0).isEmpty)
    }
}

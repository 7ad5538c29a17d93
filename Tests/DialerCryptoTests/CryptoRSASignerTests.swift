import DialerCrypto
import DialerTestSupport
import Foundation
import Testing

/// RS256 signatures checked by the `openssl` command-line tool, an
/// implementation independent of the code path under test.
@Suite struct CryptoRSASignerTests {
    private let signingInput = Array("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJ0ZXN0In0".utf8)

    @Test func pkcs8SignatureVerifiesWithOpenSSL() async throws {
        try await withTemporaryDirectory { directory in
            let key = directory.appendingPathComponent("key.pem").path
            try await openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key])
            let pem = try String(contentsOfFile: key, encoding: .utf8)
            #expect(pem.contains("BEGIN PRIVATE KEY"))

            let signer = try RSASigner(pemPrivateKey: pem)
            let signature = try signer.sign(signingInput)
            #expect(signature.count == 256)
            #expect(signer.signatureLength == 256)

            let publicKey = directory.appendingPathComponent("public.pem").path
            try await openssl(["pkey", "-in", key, "-pubout", "-out", publicKey])
            #expect(try await verify(signature, of: signingInput, publicKey: publicKey, in: directory))

            // The check above must be able to fail: a changed message does not verify.
            var tampered = signingInput
            tampered[0] ^= 1
            #expect(try await !verify(signature, of: tampered, publicKey: publicKey, in: directory))

            // PKCS#1 v1.5 is deterministic, so openssl's own signature is byte-identical.
            let data = directory.appendingPathComponent("input.bin")
            let opensslSignature = directory.appendingPathComponent("openssl.sig")
            try Data(signingInput).write(to: data)
            try await openssl(["dgst", "-sha256", "-sign", key, "-out", opensslSignature.path, data.path])
            #expect(try Array(Data(contentsOf: opensslSignature)) == signature)
        }
    }

    @Test func pkcs1KeyIsAccepted() async throws {
        try await withTemporaryDirectory { directory in
            let key = directory.appendingPathComponent("rsa.pem").path
            try await openssl(["genrsa", "-traditional", "-out", key, "2048"])
            let pem = try String(contentsOfFile: key, encoding: .utf8)
            #expect(pem.contains("BEGIN RSA PRIVATE KEY"))

            let signature = try RSASigner(pemPrivateKey: pem).sign(signingInput)
            let publicKey = directory.appendingPathComponent("public.pem").path
            try await openssl(["pkey", "-in", key, "-pubout", "-out", publicKey])
            #expect(try await verify(signature, of: signingInput, publicKey: publicKey, in: directory))
        }
    }

    @Test func aVerifierGivenNoPublicKeySaysPublicKey() throws {
        #expect(throws: RSASignerError.invalidPublicKey) {
            try RSAVerifier(pemPublicKey: "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n")
        }
        #expect(String(describing: RSASignerError.invalidPublicKey).contains("public key"))
    }

    @Test func rejectsKeysItCannotUseWithoutRevealingThem() async throws {
        try await withTemporaryDirectory { directory in
            let ecKey = directory.appendingPathComponent("ec.pem").path
            try await openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", ecKey])
            let ecPEM = try String(contentsOfFile: ecKey, encoding: .utf8)
            #expect(throws: RSASignerError.notAnRSAKey) { try RSASigner(pemPrivateKey: ecPEM) }

            // An encrypted key must fail, not stop the process to ask for a passphrase.
            let encrypted = directory.appendingPathComponent("encrypted.pem").path
            try await openssl([
                "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024",
                "-aes256", "-pass", "pass:hunter2", "-out", encrypted
            ])
            let encryptedPEM = try String(contentsOfFile: encrypted, encoding: .utf8)
            #expect(throws: RSASignerError.invalidPrivateKey) { try RSASigner(pemPrivateKey: encryptedPEM) }

            let garbled = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"
            do {
                _ = try RSASigner(pemPrivateKey: garbled)
                Issue.record("a truncated key was accepted")
            } catch let error as RSASignerError {
                #expect(error == .invalidPrivateKey)
                #expect(!String(describing: error).contains("MII"))
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    private func openssl(_ arguments: [String]) async throws {
        let result = try await runTool(["openssl"] + arguments)
        try #require(result.status == 0, "openssl \(arguments.first ?? "") failed: \(result.output)")
    }

    private func verify(_ signature: [UInt8], of message: [UInt8], publicKey: String, in directory: URL) async throws -> Bool {
        let data = directory.appendingPathComponent("verify-input.bin")
        let signatureFile = directory.appendingPathComponent("verify.sig")
        try Data(message).write(to: data)
        try Data(signature).write(to: signatureFile)
        let result = try await runTool([
            "openssl", "dgst", "-sha256", "-verify", publicKey,
            "-signature", signatureFile.path, data.path
        ])
        return result.status == 0 && result.output.contains("Verified OK")
    }
}

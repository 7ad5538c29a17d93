internal import COpenSSL

/// Checks RS256 signatures against an RSA public key: dialer-sim verifies service-account JWTs
/// with it, as Google's token endpoint does.
public final class RSAVerifier: Sendable {
    private nonisolated(unsafe) let key: OpaquePointer

    /// `pemPublicKey`: "BEGIN PUBLIC KEY" (SubjectPublicKeyInfo) text, as `openssl pkey -pubout` writes it.
    public init(pemPublicKey: String) throws(RSASignerError) {
        key = try RSAKeyPEM.load(pemPublicKey, unreadable: .invalidPublicKey, dialer_public_key_from_pem)
    }

    deinit {
        dialer_private_key_free(key)
    }

    public func isValid(signature: [UInt8], for data: [UInt8]) -> Bool {
        data.withUnsafeBufferPointer { d in
            signature.withUnsafeBufferPointer { s in
                dialer_rs256_verify(key, d.baseAddress, d.count, s.baseAddress, s.count) == 1
            }
        }
    }
}

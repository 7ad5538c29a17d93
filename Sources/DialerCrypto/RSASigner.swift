internal import COpenSSL

/// Errors name what went wrong, never the key or any part of it.
public enum RSASignerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The PEM text held no readable, unencrypted private key.
    case invalidPrivateKey
    /// The PEM text held no readable public key (SubjectPublicKeyInfo).
    case invalidPublicKey
    case notAnRSAKey
    case signingFailed

    public var description: String {
        switch self {
        case .invalidPrivateKey: "the PEM text holds no readable unencrypted private key"
        case .invalidPublicKey: "the PEM text holds no readable public key"
        case .notAnRSAKey: "the key is not an RSA key"
        case .signingFailed: "RSA signing failed"
        }
    }
}

/// RS256 (RSASSA-PKCS1-v1_5 with SHA-256), as Google's service-account JWTs require.
/// The key is parsed once; signing from many tasks at once is safe, because
/// OpenSSL 3 only reads a key while signing with it.
public final class RSASigner: Sendable {
    private nonisolated(unsafe) let key: OpaquePointer
    public let signatureLength: Int

    /// Accepts PKCS#8 ("BEGIN PRIVATE KEY", as in a service-account JSON file)
    /// and PKCS#1 ("BEGIN RSA PRIVATE KEY") PEM text.
    public init(pemPrivateKey: String) throws(RSASignerError) {
        let parsed = try RSAKeyPEM.load(pemPrivateKey, unreadable: .invalidPrivateKey, dialer_private_key_from_pem)
        key = parsed
        signatureLength = dialer_private_key_signature_length(parsed)
    }

    deinit {
        dialer_private_key_free(key)
    }

    public func sign(_ data: [UInt8]) throws(RSASignerError) -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: signatureLength)
        var written = signatureLength
        let ok = data.withUnsafeBufferPointer { d in
            signature.withUnsafeMutableBufferPointer { s in
                dialer_rs256_sign(key, d.baseAddress, d.count, s.baseAddress, &written)
            }
        }
        guard ok == 1 else { throw .signingFailed }
        return Array(signature.prefix(written))
    }
}

/// PEM text to an RSA key through one of the shim's readers; shared by the signer and the verifier.
enum RSAKeyPEM {
    /// - Parameter unreadable: the error for text that holds no key of the kind `read` parses.
    static func load(
        _ text: String, unreadable: RSASignerError,
        _ read: (UnsafePointer<CChar>?, Int) -> OpaquePointer?
    ) throws(RSASignerError) -> OpaquePointer {
        let pem = Array(text.utf8)
        let parsed = pem.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { read($0.baseAddress, $0.count) }
        }
        guard let parsed else { throw unreadable }
        guard dialer_private_key_is_rsa(parsed) == 1 else {
            dialer_private_key_free(parsed)
            throw .notAnRSAKey
        }
        return parsed
    }
}

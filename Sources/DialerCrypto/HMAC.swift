internal import COpenSSL

/// Keyed-hash message authentication codes over OpenSSL's libcrypto.
/// Twilio signs callbacks with HMAC-SHA1; ElevenLabs signs webhooks with HMAC-SHA256.
public enum HMAC {
    public static func sha1(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: DIALER_SHA1_LENGTH)
        let ok = key.withUnsafeBufferPointer { k in
            message.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { o in
                    dialer_hmac_sha1(k.baseAddress, k.count, m.baseAddress, m.count, o.baseAddress)
                }
            }
        }
        // Only an allocation failure inside libcrypto gets here.
        precondition(ok == 1, "libcrypto HMAC-SHA1 failed")
        return out
    }

    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: DIALER_SHA256_LENGTH)
        let ok = key.withUnsafeBufferPointer { k in
            message.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { o in
                    dialer_hmac_sha256(k.baseAddress, k.count, m.baseAddress, m.count, o.baseAddress)
                }
            }
        }
        precondition(ok == 1, "libcrypto HMAC-SHA256 failed")
        return out
    }
}

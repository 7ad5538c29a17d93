import DialerCrypto

/// Bland's `X-Webhook-Signature`: hex HMAC-SHA256(signing secret, raw body).
public enum BlandSignature {
    public static let headerName = "X-Webhook-Signature"

    public static func compute(secret: String, body: [UInt8]) -> String {
        Hex.encode(HMAC.sha256(key: Array(secret.utf8), message: body))
    }

    public static func isValid(signature: String, secret: String, body: [UInt8]) -> Bool {
        constantTimeEquals(Array(compute(secret: secret, body: body).utf8), Array(signature.lowercased().utf8))
    }
}

import Foundation

/// HMAC-SHA256 over `"<unix seconds>.<body>"`, sent as `t=<unix>,v0=<hex>`: the scheme of
/// ElevenLabs' webhooks, used for everything dialerd signs for a user's server (event webhooks,
/// the pre-dial check). The timestamp is signed with the body so a captured request cannot be
/// replayed later than the receiver's tolerance.
public enum TimestampedSignature {
    public static let scheme = "v0"

    /// The header value for `body` signed at `timestamp` (unix seconds).
    public static func header(secret: String, timestamp: Int, body: [UInt8]) -> String {
        "t=\(timestamp),\(scheme)=\(digest(secret: secret, timestamp: timestamp, body: body))"
    }

    /// The `v0` value: the hex HMAC-SHA256 of `"<timestamp>.<body>"`.
    public static func digest(secret: String, timestamp: Int, body: [UInt8]) -> String {
        Hex.encode(mac(secret: secret, timestamp: timestamp, body: body))
    }

    /// Whether `header` signs `body` with `secret`, at a time no further than `tolerance` seconds
    /// from `now` (either way). Any malformed header is simply not valid.
    public static func isValid(header: String, body: [UInt8], secret: String, now: Int, tolerance: Int = 300) -> Bool {
        var timestamp: Int?
        var signatures: [[UInt8]] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int(pair[1]) }
            if pair[0] == scheme, let bytes = Hex.decode(pair[1]) { signatures.append(bytes) }
        }
        guard let timestamp, abs(now - timestamp) <= tolerance else { return false }
        let expected = mac(secret: secret, timestamp: timestamp, body: body)
        return signatures.contains { constantTimeEquals($0, expected) }
    }

    private static func mac(secret: String, timestamp: Int, body: [UInt8]) -> [UInt8] {
        HMAC.sha256(key: Array(secret.utf8), message: Array("\(timestamp).".utf8) + body)
    }
}

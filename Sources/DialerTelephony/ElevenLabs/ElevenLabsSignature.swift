import DialerCrypto
import Foundation

/// `ElevenLabs-Signature: t=<unix seconds>,v0=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
public enum ElevenLabsSignature {
    public static let headerName = "ElevenLabs-Signature"

    /// ElevenLabs' scheme is the one dialerd signs its own requests with: `TimestampedSignature`.
    public static func header(secret: String, timestamp: Int, body: [UInt8]) -> String {
        TimestampedSignature.header(secret: secret, timestamp: timestamp, body: body)
    }

    public static func digest(secret: String, timestamp: Int, body: [UInt8]) -> String {
        TimestampedSignature.digest(secret: secret, timestamp: timestamp, body: body)
    }

    public enum Verdict: Sendable, Equatable {
        case valid
        case malformed
        case expired
        case mismatch
    }

    /// ElevenLabs' own examples reject timestamps older than 30 minutes.
    public static func verify(
        header: String?, secret: String, body: [UInt8], now: Date,
        tolerance: Duration = .seconds(30 * 60)
    ) -> Verdict {
        guard let header else { return .malformed }
        var timestamp: Int?
        var signature: String?
        for part in header.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("t=") { timestamp = Int(trimmed.dropFirst(2)) }
            if trimmed.hasPrefix("v0=") { signature = String(trimmed.dropFirst(3)) }
        }
        guard let timestamp, let signature else { return .malformed }
        let age = now.timeIntervalSince1970 - Double(timestamp)
        if age > Double(tolerance.components.seconds) { return .expired }
        let expected = digest(secret: secret, timestamp: timestamp, body: body)
        return constantTimeEquals(Array(expected.utf8), Array(signature.lowercased().utf8)) ? .valid : .mismatch
    }
}

import DialerCrypto
import Foundation

/// How dialerd signs what it sends to the user's servers, and how their answers to it are signed: ElevenLabs'
/// webhook scheme under our own header, `Dialer-Signature: t=<unix seconds>,v0=<hex HMAC-SHA256(secret,
/// "<t>.<raw body>")>`, so the same few lines verify both. The timestamp bounds a replay.
public enum DialerSignature {
    public static let headerName = "Dialer-Signature"
    /// An answer or request signed longer ago than this (or further ahead) is refused.
    public static let tolerance: Duration = .seconds(300)

    public static func header(secret: String, timestamp: Int, body: [UInt8]) -> String {
        TimestampedSignature.header(secret: secret, timestamp: timestamp, body: body)
    }

    /// Valid only for a signature of `body` made within `tolerance` of `now`, either way.
    public static func verify(header: String?, secret: String, body: [UInt8], now: Date) -> ElevenLabsSignature.Verdict {
        let verdict = ElevenLabsSignature.verify(header: header, secret: secret, body: body, now: now, tolerance: tolerance)
        guard verdict == .valid, let stamp = timestamp(in: header) else { return verdict }
        return Double(stamp) - now.timeIntervalSince1970 > Double(tolerance.components.seconds) ? .expired : .valid
    }

    private static func timestamp(in header: String?) -> Int? {
        header?.split(separator: ",").lazy.map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix("t=") }.flatMap { Int($0.dropFirst(2)) }
    }
}

import DialerTelephony
import Foundation

/// `ElevenLabs-Signature: t=<unix seconds>,v0=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
struct ElevenLabsRequestSignature: Sendable {
    let secret: String
    let tolerance: Duration

    func verify(_ request: WebhookRequest, now: Date) -> SignatureVerdict {
        guard let header = request.header(ElevenLabsSignature.headerName), !header.isEmpty else { return .missing }
        var timestampText: Substring?
        var candidates: [Substring] = []
        for part in header.split(separator: ",") {
            let item = part.drop { $0 == " " }
            if item.hasPrefix("t=") { timestampText = item.dropFirst(2) }
            // Several v0 entries may appear while a secret is being rotated.
            if item.hasPrefix("v0=") { candidates.append(item.dropFirst(3)) }
        }
        guard let timestampText, let timestamp = Int(timestampText), !candidates.isEmpty else { return .malformed }
        // ElevenLabs' examples only reject old timestamps; one far in the future is rejected too,
        // since it would otherwise stay replayable for longer than the tolerance.
        let skew = abs(now.timeIntervalSince1970 - Double(timestamp))
        if skew > Double(tolerance.components.seconds) { return .expired }
        let expected = Array(Hex.encode(HMAC.sha256(key: Array(secret.utf8),
                                                    message: Array("\(timestampText).".utf8) + request.body)).utf8)
        var matched = false
        for candidate in candidates where constantTimeEquals(expected, Array(candidate.lowercased().utf8)) {
            matched = true
        }
        return matched ? .valid : .mismatch
    }
}

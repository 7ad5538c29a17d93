import DialerCrypto
import DialerTelephony
import Foundation

/// `ElevenLabs-Signature: t=<unix seconds>,v0=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
struct ElevenLabsRequestSignature: Sendable {
    let secret: String
    let tolerance: Duration

    func verify(_ request: WebhookRequest, now: Date) -> SignatureVerdict {
        let header: ParsedHeader
        switch parse(request.header(ElevenLabsSignature.headerName), now: now) {
        case .refused(let verdict): return verdict
        case .parsed(let parsed): header = parsed
        }
        let expected = Array(
            Hex.encode(
                HMAC.sha256(
                    key: Array(secret.utf8),
                    message: Array("\(header.timestampText).".utf8) + request.body)
            ).utf8)
        var matched = false
        for candidate in header.candidates where constantTimeEquals(expected, Array(candidate.lowercased().utf8)) {
            matched = true
        }
        return matched ? .valid : .mismatch
    }

    /// What the header alone decides, before the body is read: nil if only the body can tell.
    func refusalBeforeBody(_ headerValue: String?, now: Date) -> SignatureVerdict? {
        if case .refused(let verdict) = parse(headerValue, now: now) { return verdict }
        return nil
    }

    struct ParsedHeader {
        var timestampText: Substring
        var candidates: [Substring]
    }

    enum Parsed {
        case refused(SignatureVerdict)
        case parsed(ParsedHeader)
    }

    private func parse(_ headerValue: String?, now: Date) -> Parsed {
        guard let headerValue, !headerValue.isEmpty else { return .refused(.missing) }
        var timestampText: Substring?
        var candidates: [Substring] = []
        for part in headerValue.split(separator: ",") {
            let item = part.drop { $0 == " " }
            if item.hasPrefix("t=") { timestampText = item.dropFirst(2) }
            // Several v0 entries may appear while a secret is being rotated.
            if item.hasPrefix("v0=") { candidates.append(item.dropFirst(3)) }
        }
        guard let timestampText, let timestamp = Int(timestampText), !candidates.isEmpty else { return .refused(.malformed) }
        // ElevenLabs' examples only reject old timestamps; one far in the future is rejected too,
        // since it would otherwise stay replayable for longer than the tolerance.
        let skew = abs(now.timeIntervalSince1970 - Double(timestamp))
        if skew > Double(tolerance.components.seconds) { return .refused(.expired) }
        return .parsed(ParsedHeader(timestampText: timestampText, candidates: candidates))
    }
}

import DialerTelephony

/// Bland's webhook signing: `X-Webhook-Signature` is the hex HMAC-SHA256 of the raw body under
/// the account's webhook signing secret (docs.bland.ai, "Webhook Signing"). Bland sends no
/// timestamp, so replays are only defused by idempotent ingest.
struct BlandRequestSignature: Sendable {
    let secret: String

    func verify(_ request: WebhookRequest) -> SignatureVerdict {
        guard let signature = request.header(BlandSignature.headerName), !signature.isEmpty else { return .missing }
        return BlandSignature.isValid(signature: signature, secret: secret, body: request.body) ? .valid : .mismatch
    }
}

import DialerTelephony

/// X-Twilio-Signature over the public URL Twilio called plus the sorted POST parameters.
struct TwilioRequestSignature: Sendable {
    static let headerName = "X-Twilio-Signature"

    let authToken: String
    let publicBaseURL: String

    func verify(_ request: WebhookRequest, parameters: [(String, String)]) -> SignatureVerdict {
        guard let signature = request.header(Self.headerName), !signature.isEmpty else { return .missing }
        let url = publicBaseURL + request.pathAndQuery
        // Twilio's own validators accept the URL with and without the scheme's default port,
        // because what Twilio signs depends on how the URL was written in the call request.
        // Which spelling matched is no secret; each comparison itself is constant-time.
        for candidate in Self.signedForms(url).flatMap(Self.portVariants)
        where TwilioSignature.isValid(signature: signature, authToken: authToken, url: candidate, parameters: parameters) {
            return .valid
        }
        return .mismatch
    }

    /// The request never carries the connection-override fragment our callback URLs end with
    /// (`CallbackURLs`). Twilio's security page says it signs "the webhook URL set in Twilio",
    /// which has the fragment; others report that the fragment is left out. Both are accepted:
    /// either way the signature proves the auth token, and the fragment is our own constant.
    static func signedForms(_ url: String) -> [String] {
        [url, url + "#" + TwilioConnectionOverrides.callbacks.fragment]
    }

    static func portVariants(_ url: String) -> [String] {
        for (scheme, port) in [("https://", ":443"), ("http://", ":80")] where url.hasPrefix(scheme) {
            let rest = url.dropFirst(scheme.count)
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            let tail = rest[authorityEnd...]
            if authority.hasSuffix(port) {
                return [url, scheme + authority.dropLast(port.count) + tail]
            }
            if !authority.contains(":") {
                return [url, scheme + authority + port + tail]
            }
        }
        return [url]
    }
}

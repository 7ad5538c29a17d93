internal import CCurl

/// Sorts curl's failures by what they tell a caller about the request's fate.
enum CurlErrorMapping {
    static func error(
        for code: CURLcode, detail: String,
        reachedTransferPhase: Bool, requestBytesSent: Int
    ) -> HTTPClientError {
        if code == CURLE_OPERATION_TIMEDOUT {
            // curl reaches the pre-transfer point only once connected (TLS included),
            // on new and reused connections alike; before it, nothing left us.
            guard reachedTransferPhase else { return .connectFailed(detail) }
            return .timedOut(requestSent: requestBytesSent > 0)
        }
        if nothingSent.contains(code) { return .connectFailed(detail) }
        return .transport(detail)
    }

    /// Failures that happen before a request byte can reach the server.
    private static let nothingSent: [CURLcode] = [
        CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT,
        CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT,
        CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
        CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR,
        CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE,
        CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED
    ]
}

import Logging

extension WebhookHandler {
    /// 403 for a callback whose headers already show it cannot pass, answered before its body is
    /// read (see `WebhookAuthenticator.refusalBeforeBody`); nil when the body must be checked.
    /// What is left of the body is then read and dropped by the server, never held.
    func refusalBeforeBody(_ route: WebhookRoute, header: (String) -> String?) -> WebhookReply? {
        guard let verdict = authenticator.refusalBeforeBody(route, header: header) else { return nil }
        // The verdict names the failure; the header's value is never logged.
        logger.warning(
            "webhook signature rejected before reading the body",
            metadata: ["route": "\(route.rawValue)", "verdict": "\(verdict.rawValue)"])
        metrics.signatureFailure(route: route.rawValue)
        return .forbidden("signature \(verdict.rawValue)")
    }
}

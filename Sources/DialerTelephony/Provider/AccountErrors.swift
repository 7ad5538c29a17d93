/// Which provider refusals mean the account or the campaign's configuration is wrong rather than the
/// contact: the one table the three providers classify their error replies by. Anything not listed
/// stays a contact-level `permanent` error (an invalid `To` 21211, an unreachable number 21214, a
/// destination Twilio blocks 21216, an invalid number 21217).
public enum AccountErrors {
    /// Twilio error codes, from twilio.com/docs/api/errors.
    public static let twilio: [Int: AccountErrorScope] = [
        20003: .account, // Permission denied / Authenticate: wrong credentials, a deleted key, a suspended or closed account
        20005: .account, // Account not active: out of funds, or the trial never activated
        10001: .account, // Account is not active: suspended, balance at or below zero
        20010: .account, // Action disabled for account
        21210: .campaign, // 'From' phone number not verified for the account
        21212: .campaign, // Invalid 'From' phone number (caller id)
        21213: .campaign, // 'From' phone number is required
        21215: .campaign // Geo permission: the account is not authorized to call that country
    ]

    /// Any provider: 401 is a credential the provider refuses, 402 an account that cannot pay. A 403 is
    /// left to each provider: Twilio sends it for some per-call refusals too.
    static func byStatus(_ status: Int) -> AccountErrorScope? {
        status == 401 || status == 402 ? .account : nil
    }

    static func twilio(status: Int, code: Int?) -> AccountErrorScope? {
        code.flatMap { twilio[$0] } ?? byStatus(status)
    }

    /// ElevenLabs' `detail.status` values that name the account: its key, its permissions, its quota.
    public static let elevenLabsAccountStatuses: Set<String> = [
        "invalid_api_key", "needs_authorization", "missing_permissions", "quota_exceeded", "payment_required"
    ]

    /// A create-call 404 means the campaign's agent or agent phone number id does not exist: no contact can be dialed.
    static func elevenLabs(status: Int, detailStatus: String?, creating: Bool) -> AccountErrorScope? {
        if let detailStatus, elevenLabsAccountStatuses.contains(detailStatus) { return .account }
        if status == 403 { return .account }
        if creating && status == 404 { return .campaign }
        return byStatus(status)
    }

    /// Bland's errors carry no code, only a message: its key and its balance are told by the status.
    static func bland(status: Int) -> AccountErrorScope? {
        status == 403 ? .account : byStatus(status)
    }
}

/// The refusals Twilio answers when the account or the caller's configuration is wrong, with Twilio's
/// status, code and message. Set one with `SimServer.setTwilioAccountError` (or `PUT
/// /sim/twilio/account-error {"code": N}`); it holds until cleared, as a real misconfiguration holds
/// until someone fixes it.
public enum TwilioSimAccountError: Int, CaseIterable, Sendable {
    /// Wrong or revoked credentials: every request is refused before anything else is read.
    case authenticate = 20003
    /// Out of funds, or a trial never activated.
    case accountNotActive = 20005
    /// Suspended: the balance reached zero, or a policy review.
    case accountSuspended = 10001
    case actionDisabled = 20010
    case fromNotVerified = 21210
    case invalidFrom = 21212
    /// Geo permissions: the account may not call the destination's country.
    case geoPermission = 21215

    public var status: Int {
        switch self {
        case .authenticate, .accountNotActive: 401
        case .accountSuspended, .actionDisabled: 403
        case .fromNotVerified, .invalidFrom, .geoPermission: 400
        }
    }

    /// Whether Twilio refuses every request of the account, not only creating calls.
    var refusesEveryRequest: Bool { [.authenticate, .accountNotActive, .accountSuspended].contains(self) }

    func message(from: String, to: String) -> String {
        switch self {
        case .authenticate: "Authenticate"
        case .accountNotActive: "Account not active"
        case .accountSuspended: "Account is not active"
        case .actionDisabled: "Action disabled for account"
        case .fromNotVerified:
            "The source phone number provided, \(from), is not yet verified for your account. "
                + "You may only make calls from phone numbers that you've verified or purchased from Twilio."
        case .invalidFrom: "The 'From' number \(from) is not a valid phone number, shortcode, or alphanumeric sender ID."
        case .geoPermission: "Account not authorized to call \(to). Perhaps you need to enable some international permissions"
        }
    }

    func reply(from: String, to: String) -> SimReply {
        let headers = self == .authenticate ? [("WWW-Authenticate", "Basic realm=\"Twilio API\"")] : []
        return .json(status, TwilioSimJSON.error(status: status, code: rawValue, message: message(from: from, to: to)), headers: headers)
    }
}

extension ServeConfiguration {
    /// Every configured secret value, for scrubbing logs: provider credentials and webhook
    /// secrets, and the password of the Mongo URI if it has one.
    public var secretValues: [String] {
        var values: [String?] = [twilio?.authToken, twilio?.apiKeySecret, elevenLabs?.apiKey, elevenLabs?.webhookSecret,
                                 bland?.apiKey, bland?.webhookSecret]
        values.append(mongoURI.uriPassword)
        return values.compactMap { $0 }.filter { !$0.isEmpty }
    }
}

extension String {
    /// `mongodb://user:pass@host/db` → `pass`; nil when the URI carries no password.
    var uriPassword: String? {
        guard let scheme = range(of: "://") else { return nil }
        let rest = self[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@") else { return nil }
        let userInfo = authority[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return nil }
        let password = userInfo[userInfo.index(after: colon)...]
        return password.isEmpty ? nil : String(password)
    }
}

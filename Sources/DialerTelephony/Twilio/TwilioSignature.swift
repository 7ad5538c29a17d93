import DialerCrypto

/// X-Twilio-Signature: base64(HMAC-SHA1(authToken, fullURL + each POST parameter's name
/// and value, sorted by name)). dialer-sim signs with it and the webhook server checks it.
public enum TwilioSignature {
    public static func compute(authToken: String, url: String, parameters: [(String, String)]) -> String {
        let sorted = parameters.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
        var data = url
        for (key, value) in sorted { data += key + value }
        return Base64.encode(HMAC.sha1(key: Array(authToken.utf8), message: Array(data.utf8)))
    }

    public static func isValid(signature: String, authToken: String, url: String, parameters: [(String, String)]) -> Bool {
        let expected = compute(authToken: authToken, url: url, parameters: parameters)
        return constantTimeEquals(Array(expected.utf8), Array(signature.utf8))
    }
}

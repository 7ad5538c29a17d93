/// Replaces known secret values with `***` wherever they appear in a log line's text, and
/// the credentials of any MongoDB URI in it, configured or not (see `MongoURISecrets`).
///
/// The code is written never to log a secret; this is the second line of defence against a
/// library or an error message that echoes one (a URL with credentials, a request dump).
/// Values shorter than `minimumLength` are ignored: scrubbing "1" or "true" would garble
/// every line and protect nothing.
public struct SecretRedactor: Sendable {
    public static let minimumLength = 6
    public let secrets: [String]

    public init(secrets: [String]) {
        var unique: [String] = []
        for secret in secrets where secret.count >= Self.minimumLength && !unique.contains(secret) {
            unique.append(secret)
            // A password inside a URI is percent-encoded; scrub the decoded form too.
            if let decoded = secret.removingPercentEncodingIfAny, decoded != secret, decoded.count >= Self.minimumLength {
                unique.append(decoded)
            }
        }
        // Longest first, so a secret that contains another is replaced whole.
        self.secrets = unique.sorted { $0.count > $1.count }
    }

    public static let none = SecretRedactor(secrets: [])

    public func redact(_ text: String) -> String {
        var result = MongoURISecrets.redactingURIs(in: text)
        guard !secrets.isEmpty else { return result }
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: "***")
        }
        return result
    }
}

extension String {
    /// Percent-decoding without Foundation: nil when there is nothing to decode or it is malformed.
    var removingPercentEncodingIfAny: String? {
        guard contains("%") else { return nil }
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

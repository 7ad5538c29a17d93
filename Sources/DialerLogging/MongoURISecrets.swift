/// The secrets a MongoDB connection string carries, found and hidden by one reading of it:
/// the password of its userinfo, and the values of options that hold a key's password or a token.
///
/// Written for logs, not for connecting: where a URI is ambiguous it hides more rather than
/// less. The userinfo ends at the last `@` before the options (`?`), so a password with an
/// unescaped `@` or `/` is hidden whole; option names are matched case-insensitively, as
/// drivers match them.
public enum MongoURISecrets {
    /// Options whose whole value is secret, lowercased.
    public static let secretOptions: Set<String> = [
        "tlscertificatekeyfilepassword", "sslclientcertificatekeypassword", "sslpemkeypassword"
    ]
    /// An option of `PROPERTY:value` pairs; a property named like a credential has a secret value.
    static let propertiesOption = "authmechanismproperties"
    static let secretPropertyWords = ["TOKEN", "SECRET", "PASSWORD", "KEY"]
    public static let schemes = ["mongodb://", "mongodb+srv://"]

    /// Every secret value in `uri`, as written and, where percent-encoded, decoded. Pieces of a
    /// password on either side of an unescaped `@` are listed too: a parser that splits at the
    /// first `@` would show the part after it as a host.
    public static func values(in uri: String) -> [String] {
        let parts = Parts(uri)
        var values: [String] = []
        if let password = parts.password {
            values.append(String(uri[password]))
            values += uri[password].split(separator: "@").map(String.init)
        }
        for option in parts.options {
            let value = uri[option.value]
            if secretOptions.contains(option.name) {
                values.append(String(value))
            } else if option.name == propertiesOption {
                values += secretProperties(String(value))
                if let decoded = String(value).removingPercentEncodingIfAny { values += secretProperties(decoded) }
            }
        }
        return values.filter { !$0.isEmpty }
    }

    /// `uri` with its userinfo and every secret option value replaced by `***`.
    public static func redacting(_ uri: String) -> String {
        let parts = Parts(uri)
        var hidden: [Range<String.Index>] = parts.userInfo.map { [$0] } ?? []
        for option in parts.options where secretOptions.contains(option.name) || option.name == propertiesOption {
            let value = String(uri[option.value])
            let properties = secretProperties(value) + secretProperties(value.removingPercentEncodingIfAny ?? "")
            if secretOptions.contains(option.name) || !properties.isEmpty {
                hidden.append(option.value)
            }
        }
        var result = uri
        for range in hidden.sorted(by: { $0.lowerBound > $1.lowerBound }) where !range.isEmpty {
            result.replaceSubrange(range, with: "***")
        }
        return result
    }

    /// Each MongoDB URI inside free text redacted; a URI runs from its scheme to the next blank or quote.
    static func redactingURIs(in text: String) -> String {
        guard schemes.contains(where: { text.contains($0) }) else { return text }
        var result = ""
        var rest = text[...]
        while let start = schemes.compactMap({ rest.firstRange(of: $0)?.lowerBound }).min() {
            result += rest[..<start]
            let end = rest[start...].firstIndex { $0.isWhitespace || "\"'<>`".contains($0) } ?? rest.endIndex
            result += redacting(String(rest[start..<end]))
            rest = rest[end...]
        }
        return result + rest
    }

    private static func secretProperties(_ value: String) -> [String] {
        value.split(separator: ",").compactMap { pair in
            guard let colon = pair.firstIndex(of: ":") else { return nil }
            let name = pair[..<colon].uppercased()
            return secretPropertyWords.contains(where: { name.contains($0) }) ? String(pair[pair.index(after: colon)...]) : nil
        }
    }

    /// Where the userinfo, the password and each option's value lie in the URI.
    private struct Parts {
        var userInfo: Range<String.Index>?
        var password: Range<String.Index>?
        var options: [(name: String, value: Range<String.Index>)] = []

        init(_ uri: String) {
            guard let scheme = uri.firstRange(of: "://") else { return }
            let query = uri[scheme.upperBound...].firstIndex(of: "?")
            let head = uri[scheme.upperBound..<(query ?? uri.endIndex)]
            if let at = head.lastIndex(of: "@") {
                userInfo = head.startIndex..<at
                if let colon = head[..<at].firstIndex(of: ":") { password = uri.index(after: colon)..<at }
            }
            guard let query else { return }
            for pair in uri[uri.index(after: query)...].split(whereSeparator: { $0 == "&" || $0 == ";" }) {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                options.append((pair[..<equals].lowercased(), uri.index(after: equals)..<pair.endIndex))
            }
        }
    }
}

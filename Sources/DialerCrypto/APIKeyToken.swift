/// The shape of an operator API key, `dk_<8 hex>_<40 hex>`, and the one hash it is stored and
/// looked up by. The first part (`dk_3f9a1c2b`) is the key's displayed prefix; the rest, 160
/// random bits, is what makes it secret.
public enum APIKeyToken {
    public struct Issued: Sendable {
        /// Shown once, to whoever made it.
        public var key: String
        public var prefix: String
        public var hash: String
    }

    public static func issue() -> Issued {
        var random = SystemRandomNumberGenerator()
        let prefix = "dk_" + Hex.encode((0..<4).map { _ in random.next() as UInt8 })
        let key = prefix + "_" + Hex.encode((0..<20).map { _ in random.next() as UInt8 })
        return Issued(key: key, prefix: prefix, hash: hash(key))
    }

    /// Lowercase hex SHA-256 of the key's UTF-8 bytes.
    public static func hash(_ key: String) -> String { Hex.encode(SHA256.digest(Array(key.utf8))) }

    /// Whether `text` has a key's shape; anything else is refused before a lookup.
    public static func isWellFormed(_ text: String) -> Bool {
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        let hex = Set("0123456789abcdef".utf8)
        return parts.count == 3 && parts[0] == "dk" && parts[1].utf8.count == 8 && parts[2].utf8.count == 40
            && parts[1].utf8.allSatisfy(hex.contains) && parts[2].utf8.allSatisfy(hex.contains)
    }
}

/// RFC 4648 base64 with padding: Twilio's X-Twilio-Signature, Basic credentials.
public enum Base64 {
    public static func encode(_ bytes: [UInt8]) -> String {
        Base64Codec.encode(bytes, alphabet: Base64Codec.standard, pad: true)
    }

    /// Nil for anything that is not canonical padded base64.
    public static func decode(_ text: String) -> [UInt8]? {
        Base64Codec.decode(text, alphabet: Base64Codec.standard, padded: true)
    }
}

/// RFC 4648 §5 base64url without padding, as JWTs use it.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        Base64Codec.encode(bytes, alphabet: Base64Codec.urlSafe, pad: false)
    }

    /// Accepts the text with or without trailing padding.
    public static func decode(_ text: String) -> [UInt8]? {
        var unpadded = Substring(text)
        while unpadded.hasSuffix("=") { unpadded = unpadded.dropLast() }
        return Base64Codec.decode(String(unpadded), alphabet: Base64Codec.urlSafe, padded: false)
    }
}

enum Base64Codec {
    static let standard = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let urlSafe = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8], alphabet: [UInt8], pad: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(alphabet[Int(n & 63)])
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            let n = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            if rest == 2 { out.append(alphabet[Int(n >> 6 & 63)]) }
            if pad { out.append(contentsOf: Array(repeating: UInt8(ascii: "="), count: 3 - rest)) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String, alphabet: [UInt8], padded: Bool) -> [UInt8]? {
        var lookup = [UInt8](repeating: 0xFF, count: 256)
        for (value, symbol) in alphabet.enumerated() { lookup[Int(symbol)] = UInt8(value) }

        var symbols = Array(text.utf8)
        if padded {
            guard symbols.count % 4 == 0 else { return nil }
            var padding = 0
            while padding < 2, symbols.last == UInt8(ascii: "=") {
                symbols.removeLast()
                padding += 1
            }
        }
        guard symbols.count % 4 != 1 else { return nil }

        var out: [UInt8] = []
        out.reserveCapacity(symbols.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for symbol in symbols {
            let value = lookup[Int(symbol)]
            guard value != 0xFF else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        // Leftover bits must be zero, or two texts would decode to the same bytes.
        guard accumulator & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return out
    }
}

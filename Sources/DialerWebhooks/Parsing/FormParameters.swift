import DialerCore

/// A form-encoded body as ordered pairs: Twilio signs every pair, repeated keys included.
///
/// Decoded byte by byte (`+` is a space, `%XX` a byte, a malformed escape is kept as it is,
/// as `FormURLEncoding.decode` does): this runs on every Twilio callback.
struct FormParameters: Sendable {
    let pairs: [(String, String)]

    init(pairs: [(String, String)]) {
        self.pairs = pairs
    }

    init(body: [UInt8]) {
        pairs = body.withUnsafeBufferPointer { Self.decode($0) }
    }

    init(query: String?) {
        var query = query ?? ""
        pairs = query.withUTF8 { Self.decode($0) }
    }

    subscript(name: String) -> String? {
        guard let value = pairs.last(where: { $0.0 == name })?.1, !value.isEmpty else { return nil }
        return value
    }

    /// Every parameter, as the call event's `data`.
    var json: [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        out.reserveCapacity(pairs.count)
        for (key, value) in pairs { out[key] = .string(value) }
        return out
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> [(String, String)] {
        var pairs: [(String, String)] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
            if end > start {
                var equals = start
                while equals < end, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                let key = unescape(bytes, start..<equals)
                let value = equals < end ? unescape(bytes, (equals + 1)..<end) : ""
                pairs.append((key, value))
            }
            start = end + 1
        }
        return pairs
    }

    private static func unescape(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        while i < range.upperBound {
            let byte = bytes[i]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), i + 2 < range.upperBound,
                      let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 2
            } else {
                out.append(byte)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

import DialerCore
import DialerHTTP

/// A form-encoded body as ordered pairs: Twilio signs every pair, repeated keys included.
struct FormParameters: Sendable {
    let pairs: [(String, String)]

    init(pairs: [(String, String)]) {
        self.pairs = pairs
    }

    init(body: [UInt8]) {
        pairs = body.withUnsafeBufferPointer(FormURLEncoding.decode(bytes:))
    }

    init(query: String?) {
        pairs = FormURLEncoding.decode(query ?? "")
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
}

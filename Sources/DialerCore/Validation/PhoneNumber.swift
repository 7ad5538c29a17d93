/// An E.164 number: "+", a country code that does not start with 0, 8 to 15 digits in all.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    public let e164: String

    public init?(e164 text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 9, utf8.count <= 16, utf8[0] == UInt8(ascii: "+"), utf8[1] != UInt8(ascii: "0"),
            utf8.dropFirst().allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        self.e164 = text
    }

    public var description: String { e164 }
}

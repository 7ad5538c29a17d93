/// A status set read from a database that other tools also write: an unknown value is kept
/// as `unknown(raw)` and reported, never a decoding failure.
public protocol OpenEnum: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible where RawValue == String {
    static var knownCases: [Self] { get }
    static func unknown(_ raw: String) -> Self
}

extension OpenEnum {
    /// Never fails: an unknown value becomes `unknown(raw)`.
    public init(raw: String) {
        self = Self.knownCases.first { $0.rawValue == raw } ?? .unknown(raw)
    }

    public init?(rawValue: String) { self.init(raw: rawValue) }

    public var isKnown: Bool { Self.knownCases.contains(self) }
    public var description: String { rawValue }

    public init(from decoder: Decoder) throws {
        self.init(raw: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

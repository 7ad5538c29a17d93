/// `"retry"` is `.retry`: a dialing state written as it is stored. Like `init(raw:)`, an
/// unknown text becomes `.unknown(text)`.
extension DialState: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self.init(raw: value) }
}

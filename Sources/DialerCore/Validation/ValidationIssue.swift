/// One broken rule, named by the field path it applies to.
public struct ValidationIssue: Sendable, Equatable, CustomStringConvertible, Error {
    public var path: String
    public var rule: String

    public init(path: String, rule: String) {
        self.path = path
        self.rule = rule
    }

    public var description: String { "\(path): \(rule)" }
}

/// One problem in an import, located by file and line (1-based).
public struct ImportIssue: Codable, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    /// A field path such as `settings.callDelay` or a CSV column name.
    public var field: String?
    public var message: String

    public init(file: String, line: Int?, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `contacts.csv:7: phoneNumber: must be an E.164 number …`, as compilers print.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let field { text += "\(field): " }
        return text + message
    }
}

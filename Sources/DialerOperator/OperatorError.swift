/// Machine-readable error codes. Clients branch on these, never on messages.
public struct ControlErrorCode: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// The line is not a JSON object.
    public static let badJSON = ControlErrorCode("bad_json")
    /// The envelope is wrong: `cmd` missing, `id` of the wrong type, `v` not a number.
    public static let badRequest = ControlErrorCode("bad_request")
    public static let unsupportedVersion = ControlErrorCode("unsupported_version")
    public static let unknownCommand = ControlErrorCode("unknown_command")
    /// An argument is missing, unknown, or of the wrong type or value.
    public static let badArgs = ControlErrorCode("bad_args")
    public static let notFound = ControlErrorCode("not_found")
    public static let invalidTransition = ControlErrorCode("invalid_transition")
    /// The campaign document fails validation, so it cannot be started.
    public static let invalidCampaign = ControlErrorCode("invalid_campaign")
    /// An import's files have problems; `error.issues` lists them by file and line.
    public static let invalidImport = ControlErrorCode("invalid_import")
    /// The peer's uid may not use this socket.
    public static let forbidden = ControlErrorCode("forbidden")
    /// The request line exceeds `ControlProtocol.maxLineBytes`.
    public static let tooLarge = ControlErrorCode("too_large")
    /// The database could not be reached or timed out.
    public static let unavailable = ControlErrorCode("unavailable")
    public static let `internal` = ControlErrorCode("internal")
}

/// An error a command answers with; thrown by backends and by argument parsing.
public struct ControlError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ControlErrorCode
    public var message: String
    /// Import problems, by file and line.
    public var issues: [ImportIssue]?

    public init(_ code: ControlErrorCode, _ message: String, issues: [ImportIssue]? = nil) {
        self.code = code
        self.message = message
        self.issues = issues
    }

    public var description: String { "\(code): \(message)" }
}

/// The `error` member of a failed response.
public struct ControlErrorBody: Codable, Sendable, Equatable {
    public var code: ControlErrorCode
    public var message: String
    public var issues: [ImportIssue]?

    public init(_ error: ControlError) {
        code = error.code
        message = error.message
        issues = error.issues
    }

    public var error: ControlError { ControlError(code, message, issues: issues) }
}

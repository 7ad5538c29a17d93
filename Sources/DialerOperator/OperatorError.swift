/// Machine-readable error codes. Clients branch on these, never on messages.
public struct OperatorErrorCode: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// The request is not a JSON object.
    public static let badJSON = OperatorErrorCode("bad_json")
    /// The request's envelope is wrong (on the socket: `cmd` missing, `id` of the wrong type, `v` not a number).
    public static let badRequest = OperatorErrorCode("bad_request")
    public static let unsupportedVersion = OperatorErrorCode("unsupported_version")
    public static let unknownCommand = OperatorErrorCode("unknown_command")
    /// An argument is missing, unknown, or of the wrong type or value.
    public static let badArgs = OperatorErrorCode("bad_args")
    public static let notFound = OperatorErrorCode("not_found")
    public static let invalidTransition = OperatorErrorCode("invalid_transition")
    /// The campaign document fails validation, so it cannot be started.
    public static let invalidCampaign = OperatorErrorCode("invalid_campaign")
    /// An import's files have problems; `error.issues` lists them by file and line.
    public static let invalidImport = OperatorErrorCode("invalid_import")
    /// The caller may not use this transport or action (a socket peer's uid, an API key's scope).
    public static let forbidden = OperatorErrorCode("forbidden")
    /// The request exceeds the transport's size limit.
    public static let tooLarge = OperatorErrorCode("too_large")
    /// The database could not be reached or timed out.
    public static let unavailable = OperatorErrorCode("unavailable")
    public static let `internal` = OperatorErrorCode("internal")
}

/// An error an operator request answers with, on every transport; thrown by backends and by
/// the transports' argument parsing.
public struct OperatorError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: OperatorErrorCode
    public var message: String
    /// Import problems, by file and line.
    public var issues: [ImportIssue]?

    public init(_ code: OperatorErrorCode, _ message: String, issues: [ImportIssue]? = nil) {
        self.code = code
        self.message = message
        self.issues = issues
    }

    public var description: String { "\(code): \(message)" }

    /// Any error as an operator sees it. Backends throw `OperatorError`s (they translate their
    /// own failures); anything else is a bug or an outage and is reported as `internal`.
    public init(reporting error: any Error) {
        switch error {
        case let error as OperatorError: self = error
        case let error as ImportIssues: self = error.operatorError
        default: self.init(.internal, String(describing: error))
        }
    }
}

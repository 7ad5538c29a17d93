import DialerOperator

/// The `error` member of a failed response.
public struct ControlErrorBody: Codable, Sendable, Equatable {
    public var code: OperatorErrorCode
    public var message: String
    public var issues: [ImportIssue]?

    public init(_ error: OperatorError) {
        code = error.code
        message = error.message
        issues = error.issues
    }

    public var error: OperatorError { OperatorError(code, message, issues: issues) }
}

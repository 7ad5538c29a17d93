import DialerCore
import DialerOperator
import DialerStore
import Foundation
import HTTPTypes

/// Every error an API route answers with, in seed 000's format:
/// `{"error":"NotFound","message":"no campaign with id …","code":"NOT_FOUND"}`. `code` is the
/// operator error code the control socket uses, upper-cased, or one of HTTP's own; `error` is
/// the same name in PascalCase. Messages never carry keys or headers.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var error: String
    public var code: String
    public var message: String

    public init(status: HTTPResponse.Status, error: String, code: String, message: String) {
        self.status = status
        self.error = error
        self.code = code
        self.message = message
    }

    /// An operator error code (`not_found`) with the HTTP status it stands for.
    public init(_ code: OperatorErrorCode, _ message: String) {
        self.init(status: Self.status(of: code), error: Self.pascalCase(code.rawValue), code: code.rawValue.uppercased(), message: message)
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public static func badArgs(_ message: String) -> APIError { APIError(.badArgs, message) }
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }
    public static func unauthorized(_ message: String) -> APIError { APIError(.unauthorized, message) }
    public static func forbidden(_ message: String) -> APIError { APIError(.forbidden, message) }

    static func pascalCase(_ snake: String) -> String {
        snake.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The one table from operator error codes to HTTP statuses.
    static func status(of code: OperatorErrorCode) -> HTTPResponse.Status {
        switch code {
        case .badJSON, .badRequest, .badArgs, .unsupportedVersion: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound, .unknownCommand: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .invalidTransition, .conflict: .conflict
        case .tooLarge, .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .invalidCampaign, .invalidImport, .unprocessable: .unprocessableContent
        case .unavailable: .serviceUnavailable
        default: .internalServerError
        }
    }

    /// What a thrown error becomes on the wire. Anything not meant for the caller is `INTERNAL`
    /// with a fixed message; the caller logs the error itself.
    public static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as OperatorError: return APIError(error.code, error.message)
        case StoreError.unavailable, StoreError.timeout: return APIError(.unavailable, "the database is unavailable; try again")
        case StoreError.invalidArgument(let message): return APIError(.unprocessable, message)
        // A unique index refused the write: the request conflicts with what is stored (the key itself may be a phone number, so it is left out).
        case StoreError.duplicateKey(let collection, let index, _):
            return APIError(.conflict, "the write conflicts with another document in \(collection) (unique index \(index))")
        default: return APIError(.internal, "internal error; the server log has the details")
        }
    }
}

extension OperatorErrorCode {
    // HTTP's own codes; the socket never answers with these.
    public static let unauthorized = OperatorErrorCode("unauthorized")
    public static let payloadTooLarge = OperatorErrorCode("payload_too_large")
    public static let unsupportedMediaType = OperatorErrorCode("unsupported_media_type")
    public static let methodNotAllowed = OperatorErrorCode("method_not_allowed")
    /// A body that fits its schema but cannot be acted on: it names no stored document, changes
    /// nothing, or holds a value the database cannot store (an empty key). 400 is for bodies that
    /// break the schema.
    public static let unprocessable = OperatorErrorCode("unprocessable")
    /// A write a unique index refuses.
    public static let conflict = OperatorErrorCode("conflict")
}

/// The body of an error reply.
struct APIErrorBody: Codable, Sendable, Equatable {
    var error: String
    var message: String
    var code: String
}

/// Seed 000's own error names, for its routes under `/api/v1/mongo/calls/`.
enum Seed000Errors {
    static func callNotFound(_ callId: String) -> APIError {
        APIError(status: .notFound, error: "CallNotFound", code: "CALL_NOT_FOUND", message: "Call with ID '\(callId)' not found")
    }

    static func validation(_ message: String) -> APIError {
        APIError(status: .badRequest, error: "ValidationError", code: "VALIDATION_ERROR", message: message)
    }

    /// Seed 000's routes answer bad input as its `ValidationError`, whatever our code for it.
    static func translated(_ error: APIError) -> APIError {
        error.code == "BAD_ARGS" ? validation(error.message) : error
    }
}

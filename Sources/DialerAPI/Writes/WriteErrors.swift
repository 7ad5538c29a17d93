import DialerCore
import DialerOperator
import DialerStore

/// The refusals of the write routes. A 409 always means nothing was written; its code says why,
/// so a client can branch on it.
extension APIError {
    static func conflict(_ code: String, _ message: String) -> APIError {
        APIError(status: .conflict, error: pascalCase(code.lowercased()), code: code, message: message)
    }

    /// A document the import's checks refused: `invalid_import`, as `dialerctl import` answers,
    /// with every problem named by its field.
    static func invalidDocument(_ what: String, _ issues: ImportIssues) -> APIError {
        let listed = issues.issues.prefix(20).map(\.fieldText).joined(separator: "; ")
        let more = issues.issues.count > 20 ? "; and \(issues.issues.count - 20) more" : ""
        let count = issues.issues.count
        return APIError(.invalidImport, "\(count) problem\(count == 1 ? "" : "s") in the \(what): \(listed)\(more); nothing was written")
    }

    /// A unique index refused the write.
    static func duplicate(_ message: String) -> APIError { conflict("ALREADY_EXISTS", message + "; nothing was written") }
}

extension ImportIssue {
    /// `settings.callDelay: must be from 0 to 3600000`, without the file the import would name.
    var fieldText: String { (field.map { "\($0): " } ?? "") + message }
}

/// Runs a store write, turning a unique-index refusal into a 409 that says which.
func refusingDuplicates<T>(_ message: String, _ write: () async throws -> T) async throws -> T {
    do {
        return try await write()
    } catch StoreError.duplicateKey {
        throw APIError.duplicate(message)
    }
}

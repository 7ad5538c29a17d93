import DialerCore
import DialerEngine
import DialerOperator
import DialerSheets
import DialerStore

/// The engine's, store's and sheets' errors as operators see them: the one place that decides
/// which code each failure gets, so every transport answers alike. Store errors carry no
/// credentials.
enum OperatorErrorTranslation {
    static func translate(_ error: any Error) -> OperatorError {
        switch error {
        case let error as OperatorError: return error
        case let error as ImportIssues: return error.operatorError
        case let error as OperationError:
            switch error {
            case .unknownCampaign(let id): return OperatorError(.notFound, "no campaign with id \(id)")
            case .invalidTransition: return OperatorError(.invalidTransition, error.description)
            case .invalidCampaign: return OperatorError(.invalidCampaign, error.description)
            }
        case let error as SuppressionError:
            if case .notSuppressed = error { return OperatorError(.notFound, error.description) }
            return OperatorError(.badArgs, error.description)
        case let error as SheetsError:
            switch error {
            case .notConfigured: return OperatorError(.unavailable, error.description)
            case .badSheet, .badServiceAccountKey: return OperatorError(.badArgs, error.description)
            default: return OperatorError(.unavailable, error.description)
            }
        case let error as StoreError:
            switch error {
            case .unavailable, .timeout: return OperatorError(.unavailable, error.description)
            default: return OperatorError(.internal, error.description)
            }
        default: return OperatorError(reporting: error)
        }
    }

    /// Runs a backend operation, translating whatever it throws but a cancellation, which
    /// callers (a watch stream ending) must still see as one.
    static func run<T>(_ operation: () async throws -> T) async throws -> T {
        do {
            return try await operation()
        } catch let error as CancellationError {
            throw error
        } catch {
            throw translate(error)
        }
    }
}

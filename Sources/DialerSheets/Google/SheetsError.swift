/// Everything the sheet sync can fail with. Messages never hold a key, token or assertion.
public enum SheetsError: Error, Sendable, Equatable, CustomStringConvertible {
    case badServiceAccountKey(String)
    /// The token endpoint refused or could not be reached.
    case auth(String)
    /// Quota exceeded (HTTP 429, RESOURCE_EXHAUSTED); retry after this many seconds if Google said.
    case rateLimited(retryAfter: Double?)
    /// Any other non-2xx answer, with Google's status and message.
    case api(status: Int, message: String)
    case transport(String)
    case badResponse(String)
    /// Sheets are not configured on this dialerd.
    case notConfigured(String)
    /// The campaign's sheetInfo or the sheet's header is not usable.
    case badSheet(String)
    case file(String)

    public var description: String {
        switch self {
        case .badServiceAccountKey(let m): "service-account key: \(m)"
        case .auth(let m): "Google auth failed: \(m)"
        case .rateLimited(let after): "Sheets quota exceeded (429)" + (after.map { "; retry after \($0) s" } ?? "")
        case .api(let status, let m): "Sheets API error \(status): \(m)"
        case .transport(let m): "Sheets request failed: \(m)"
        case .badResponse(let m): "unexpected Sheets response: \(m)"
        case .notConfigured(let m): m
        case .badSheet(let m): m
        case .file(let m): m
        }
    }

    /// Seconds Google asked us to wait, for a 429 that said.
    public var retryAfter: Double? {
        if case .rateLimited(let after) = self { return after }
        return nil
    }

    /// Worth retrying later without changing anything.
    public var isTransient: Bool {
        switch self {
        case .rateLimited, .transport: true
        case .api(let status, _): status >= 500
        case .auth(let m): m.hasPrefix("token endpoint unreachable")
        default: false
        }
    }
}

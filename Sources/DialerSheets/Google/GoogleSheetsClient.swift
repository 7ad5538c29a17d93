import DialerCore
import DialerHTTP
import Foundation

/// One range's new values, as `values:batchUpdate` takes them.
public struct ValueRange: Sendable, Equatable, Codable {
    public var range: String
    public var values: [[String]]

    public init(range: String, values: [[String]]) {
        self.range = range
        self.values = values
    }
}

/// The Sheets v4 `spreadsheets.values` calls the sync uses, over our `HTTPClient`.
/// A 401 drops the cached token and retries once; a 429 is surfaced as `.rateLimited` so the
/// caller's backoff decides when to try again.
public struct GoogleSheetsClient: Sendable {
    public static let defaultBaseURL = "https://sheets.googleapis.com"

    private let baseURL: String
    private let http: any HTTPClient
    private let tokens: any AccessTokenProvider

    public init(baseURL: String = defaultBaseURL, http: any HTTPClient, tokens: any AccessTokenProvider) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.http = http
        self.tokens = tokens
    }

    /// `GET /v4/spreadsheets/{id}/values/{range}`: the rows, each as strings (formatted values).
    public func values(spreadsheetId: String, range: String) async throws(SheetsError) -> [[String]] {
        let url = "\(baseURL)/v4/spreadsheets/\(Self.pathEscape(spreadsheetId))/values/\(Self.pathEscape(range))?majorDimension=ROWS"
        let response = try await send(method: "GET", url: url, body: nil)
        guard let decoded = try? JSONDecoder().decode(ValuesAnswer.self, from: Data(response.body)) else {
            throw .badResponse("values.get answer has no values array")
        }
        return (decoded.values ?? []).map { $0.map(\.text) }
    }

    /// `POST /v4/spreadsheets/{id}/values:batchUpdate`: every range in one request.
    public func batchUpdate(spreadsheetId: String, data: [ValueRange], valueInputOption: String = "RAW") async throws(SheetsError) {
        let body = BatchUpdateBody(valueInputOption: valueInputOption, data: data)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let json = try? encoder.encode(body) else { throw .badResponse("could not encode the batch") }
        let url = "\(baseURL)/v4/spreadsheets/\(Self.pathEscape(spreadsheetId))/values:batchUpdate"
        _ = try await send(method: "POST", url: url, body: Array(json))
    }

    private func send(method: String, url: String, body: [UInt8]?) async throws(SheetsError) -> HTTPResponse {
        var refreshed = false
        while true {
            let token = try await tokens.accessToken()
            var headers = [HTTPHeader("Authorization", "Bearer \(token)")]
            if body != nil { headers.append(HTTPHeader("Content-Type", "application/json")) }
            let response: HTTPResponse
            do {
                response = try await http.send(HTTPRequest(method: method, url: url, headers: headers, body: body, totalTimeout: .seconds(30)))
            } catch {
                throw .transport("\(error)")
            }
            switch response.status {
            case 200..<300:
                return response
            case 401 where !refreshed:
                refreshed = true
                await tokens.invalidate()
                continue
            case 429:
                throw .rateLimited(retryAfter: response.header("Retry-After").flatMap(Double.init))
            default:
                let message =
                    (try? JSONDecoder().decode(GoogleErrorAnswer.self, from: Data(response.body)))
                    .map { "\($0.error.status ?? ""): \($0.error.message)" } ?? "HTTP \(response.status)"
                throw .api(status: response.status, message: message)
            }
        }
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters, so `'My Sheet'!A1:B2`
    /// survives as one path segment.
    static func pathEscape(_ text: String) -> String { FormURLEncoding.escape(text) }
}

struct BatchUpdateBody: Codable {
    var valueInputOption: String
    var data: [ValueRange]
}

/// Google's error shape: `{"error": {"code": 429, "message": "...", "status": "RESOURCE_EXHAUSTED"}}`.
struct GoogleErrorAnswer: Decodable {
    struct Body: Decodable {
        var code: Int?
        var message: String
        var status: String?
    }
    var error: Body
}

struct ValuesAnswer: Decodable {
    var range: String?
    var values: [[Cell]]?

    /// Cells come back as strings, numbers or booleans depending on `valueRenderOption`.
    struct Cell: Decodable {
        var text: String
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) {
                text = s
            } else if let i = try? c.decode(Int.self) {
                text = String(i)
            } else if let d = try? c.decode(Double.self) {
                text = String(d)
            } else if let b = try? c.decode(Bool.self) {
                text = b ? "TRUE" : "FALSE"
            } else {
                text = ""
            }
        }
    }
}

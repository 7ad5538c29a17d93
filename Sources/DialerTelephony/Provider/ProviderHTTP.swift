import DialerHTTP
import Foundation

/// How HTTP outcomes become the three provider error classes. Shared by every provider so
/// that Twilio, ElevenLabs and Bland classify the same transport failure the same way.
enum ProviderHTTP {
    /// `idempotent`: whether repeating the request is harmless (fetch, list, end-call).
    /// A create request that may have reached the provider is never idempotent.
    static func transportError(_ error: HTTPClientError, idempotent: Bool) -> ProviderError {
        switch error {
        case .connectFailed(let message):
            return .retryable(code: "connect-failed", message: message, retryAfter: nil)
        case .timedOut(requestSent: false):
            return .retryable(code: "timeout", message: "timed out before the request was sent", retryAfter: nil)
        case .timedOut(requestSent: true), .responseTooLarge, .cancelled, .transport:
            if idempotent {
                return .retryable(code: "transport", message: error.description, retryAfter: nil)
            }
            return .outcomeUnknown(message: error.description)
        }
    }

    /// Classifies a non-2xx response. `providerCode` is the provider's own error code when
    /// its body carries one (Twilio 21211, 20429, ...).
    ///
    /// `creating`: the request creates a call, which no provider makes idempotent. Only 429 proves
    /// nothing was created (the rate limiter refused it before any work). A 408 or 5xx may come
    /// from an edge after the call was created (Twilio documents this; ElevenLabs creates the
    /// Twilio call before it answers), so it is an unknown outcome for the reconciler, never a retry.
    ///
    /// `accountScope`: the provider's reading of the reply by `AccountErrors`. It never overrides a 429, 408 or
    /// 5xx, which say nothing about the account.
    static func statusError(
        status: Int, providerCode: String?, message: String, retryAfterHeader: String?,
        creating: Bool = false, accountScope: AccountErrorScope? = nil, now: Date = Date()
    ) -> ProviderError {
        let code = providerCode ?? "http-\(status)"
        switch status {
        case 408 where creating, 500...599 where creating:
            return .outcomeUnknown(message: "create-call answered \(status) (\(code)); the call may exist: \(message)")
        case 429, 408, 500...599:
            return .retryable(code: code, message: message, retryAfter: RetryAfter.parse(retryAfterHeader, now: now))
        default:
            if let accountScope { return .accountLevel(scope: accountScope, code: code, message: message) }
            return .permanent(code: code, message: message)
        }
    }

    static func isSuccess(_ status: Int) -> Bool { (200..<300).contains(status) }

    /// Sends, and files a transport failure under its error class.
    static func send(_ http: any HTTPClient, _ request: HTTPRequest, idempotent: Bool) async throws(ProviderError) -> HTTPResponse {
        do {
            return try await http.send(request)
        } catch {
            throw transportError(error, idempotent: idempotent)
        }
    }

    /// A 2xx body that does not read as `type` is the provider's bug, not ours to retry.
    static func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse, what: String) throws(ProviderError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(response.body))
        } catch {
            throw .permanent(code: "bad-response", message: "unreadable \(what): \(snippet(response.body))")
        }
    }

    /// A body shortened for error messages; never includes request data, so no secrets.
    static func snippet(_ body: [UInt8], limit: Int = 300) -> String {
        let text = String(decoding: body.prefix(limit), as: UTF8.self)
        return body.count > limit ? text + "…" : text
    }

    static let jsonHeaders = [HTTPHeader("Accept", "application/json"), HTTPHeader("Content-Type", "application/json")]
}

/// The Retry-After header: delta-seconds or an HTTP-date.
public enum RetryAfter {
    public static func parse(_ value: String?, now: Date = Date()) -> Duration? {
        guard let raw = value?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        if let seconds = Double(raw), seconds >= 0 { return .milliseconds(Int64(seconds * 1000)) }
        if let date = HTTPDate.parse(raw) {
            let seconds = max(0, date.timeIntervalSince(now))
            return .milliseconds(Int64(seconds * 1000))
        }
        return nil
    }
}

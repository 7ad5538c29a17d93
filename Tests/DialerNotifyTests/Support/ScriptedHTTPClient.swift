import DialerHTTP
import Foundation

/// Answers each request with the next scripted result (then 200), and keeps every request.
final class ScriptedHTTPClient: HTTPClient, @unchecked Sendable {
    private let lock = NSLock()
    private var script: [Result<Int, HTTPClientError>]
    private var received: [HTTPRequest] = []

    init(_ script: [Result<Int, HTTPClientError>] = []) { self.script = script }

    var requests: [HTTPRequest] { lock.withLock { received } }

    func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let next: Result<Int, HTTPClientError> = lock.withLock {
            received.append(request)
            return script.isEmpty ? .success(200) : script.removeFirst()
        }
        switch next {
        case .success(let status): return HTTPResponse(status: status, headers: [], body: [])
        case .failure(let error): throw error
        }
    }
}

extension HTTPRequest {
    func header(_ name: String) -> String? { headers.last { $0.name.lowercased() == name.lowercased() }?.value }
    var bodyText: String { String(decoding: body ?? [], as: UTF8.self) }
}

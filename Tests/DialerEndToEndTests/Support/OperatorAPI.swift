import DialerHTTP
import Foundation

/// A real dialerd's operator API over loopback, called as an operator's client calls it.
struct OperatorAPI {
    let port: Int
    private let http: CurlHTTPClient

    init(port: Int) throws {
        self.port = port
        http = try CurlHTTPClient()
    }

    var base: String { "http://127.0.0.1:\(port)" }

    /// One request; `key` nil sends no Authorization header.
    func send(_ method: String, _ path: String, key: String?, json: String? = nil) async throws -> HTTPResponse {
        var headers: [HTTPHeader] = []
        if let key { headers.append(HTTPHeader("Authorization", "Bearer \(key)")) }
        if json != nil { headers.append(HTTPHeader("Content-Type", "application/json")) }
        return try await http.send(
            HTTPRequest(method: method, url: base + path, headers: headers, body: json.map { Array($0.utf8) }, maxResponseBytes: 64 << 20))
    }

    /// A JSON object reply's fields.
    func object(_ method: String, _ path: String, key: String?, json: String? = nil) async throws -> (status: Int, fields: [String: Any]) {
        let response = try await send(method, path, key: key, json: json)
        let fields = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return (response.status, fields)
    }

    /// Waits until dialerd is ready (`/readyz`, no key needed): the API and the control socket both serve.
    func waitUntilReady(timeout: TimeInterval = 60) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let response = try? await send("GET", "/readyz", key: nil), response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ProcessFailure("the operator API on port \(port) was not ready within \(Int(timeout)) s")
    }

    func close() async { await http.shutdown() }
}

extension HTTPResponse {
    var text: String { String(decoding: body, as: UTF8.self) }
}

import DialerCore
import DialerCrypto
import Foundation

/// A received request, with the body read once and parsed by content type.
struct SimRequest: Sendable {
    let method: String
    let path: String
    let components: [String]
    let query: [(String, String)]
    /// Lowercased names.
    let headers: [(String, String)]
    let body: [UInt8]
    let form: [(String, String)]
    let json: JSONValue?

    func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.last { $0.0 == lower }?.1
    }

    func formValue(_ name: String) -> String? { form.last { $0.0 == name }?.1 }
    func formValues(_ name: String) -> [String] { form.filter { $0.0 == name }.map(\.1) }
    func queryValue(_ name: String) -> String? { query.last { $0.0 == name }?.1 }

    var jsonObject: [String: JSONValue]? {
        if case .object(let fields)? = json { return fields }
        return nil
    }

    /// The Basic credentials, decoded.
    var basicAuth: (user: String, password: String)? {
        guard let value = header("authorization"), value.lowercased().hasPrefix("basic "),
            let decoded = Base64.decode(String(value.dropFirst(6)).trimmingCharacters(in: .whitespaces))
        else { return nil }
        let text = String(decoding: decoded, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// What the request log may say about the credentials: never a secret.
    var credentialDescription: String? {
        if let basic = basicAuth { return "basic user=\(basic.user)" }
        if header("authorization") != nil { return "authorization header" }
        if header("xi-api-key") != nil { return "xi-api-key header" }
        return nil
    }
}

struct SimReply: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    static func json(_ status: Int, _ value: JSONValue, headers: [(String, String)] = []) -> SimReply {
        SimReply(status: status, headers: [("Content-Type", "application/json")] + headers, body: SimJSON.encode(value))
    }
}

extension SimRoute {
    static func of(path: String) -> SimRoute? {
        if path.hasPrefix("/2010-04-01/") { return .twilio }
        if path.hasPrefix("/v1/convai/") { return .elevenLabs }
        if path.hasPrefix("/v1/calls") || path.hasPrefix("/v1/recordings/") { return .bland }
        return nil
    }
}

import Foundation

/// The parts of a Google service-account JSON key file the sheet sync uses.
/// `description` never shows the private key.
public struct ServiceAccountKey: Sendable, CustomStringConvertible {
    public var clientEmail: String
    public var privateKeyPEM: String
    public var privateKeyId: String?
    public var tokenURI: String

    public init(clientEmail: String, privateKeyPEM: String, privateKeyId: String? = nil, tokenURI: String) {
        self.clientEmail = clientEmail
        self.privateKeyPEM = privateKeyPEM
        self.privateKeyId = privateKeyId
        self.tokenURI = tokenURI
    }

    public var description: String { "ServiceAccountKey(\(clientEmail), token_uri: \(tokenURI), private key: <redacted>)" }

    // swift-format-ignore: AlwaysUseLowerCamelCase
    // Google's JSON names, decoded as they are.
    private struct File: Decodable {
        var type: String?
        var client_email: String?
        var private_key: String?
        var private_key_id: String?
        var token_uri: String?
    }

    /// Parses the JSON text of a key file. Errors name the missing field, never a value.
    public static func parse(_ data: Data) throws(SheetsError) -> ServiceAccountKey {
        guard let file = try? JSONDecoder().decode(File.self, from: data) else {
            throw .badServiceAccountKey("not a JSON object with the fields of a service-account key")
        }
        if let type = file.type, type != "service_account" {
            throw .badServiceAccountKey("\"type\" is \"\(type)\", expected \"service_account\"")
        }
        guard let email = file.client_email, !email.isEmpty else { throw .badServiceAccountKey("\"client_email\" is missing") }
        guard let pem = file.private_key, pem.contains("PRIVATE KEY") else {
            throw .badServiceAccountKey("\"private_key\" is missing or not PEM text")
        }
        return ServiceAccountKey(
            clientEmail: email, privateKeyPEM: pem, privateKeyId: file.private_key_id,
            tokenURI: file.token_uri ?? "https://oauth2.googleapis.com/token")
    }

    /// Reads a key file. Blocking: call at startup or from a thread pool.
    public static func load(path: String) throws(SheetsError) -> ServiceAccountKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .badServiceAccountKey("cannot read the key file \(path)")
        }
        return try parse(data)
    }
}

import DialerTestSupport
import Foundation

struct ToolFailure: Error, CustomStringConvertible {
    let description: String
}

func openssl(_ arguments: [String]) async throws {
    let result = try await runTool(["openssl"] + arguments)
    guard result.status == 0 else { throw ToolFailure(description: "openssl \(arguments.first ?? "") failed: \(result.output)") }
}

func temporaryDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dialer-sheets-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

/// A throwaway service account: an RSA key made by the openssl CLI at test time (never a real
/// key), its public half, and a key file in Google's JSON format.
struct TestServiceAccount: Sendable {
    static let email = "dialer-test@dialer-sim.iam.gserviceaccount.com"
    let directory: URL
    let privateKeyPath: String
    let publicKeyPath: String
    let keyFilePath: String
    let privateKeyPEM: String
    let publicKeyPEM: String

    static func make(in directory: URL, tokenURI: String = "https://oauth2.googleapis.com/token") async throws -> TestServiceAccount {
        let privateKey = directory.appendingPathComponent("sa-key.pem").path
        let publicKey = directory.appendingPathComponent("sa-pub.pem").path
        try await openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", privateKey])
        try await openssl(["pkey", "-in", privateKey, "-pubout", "-out", publicKey])
        let pem = try String(contentsOfFile: privateKey, encoding: .utf8)
        let file: [String: String] = [
            "type": "service_account", "client_email": email, "private_key": pem,
            "private_key_id": "test-key-1", "token_uri": tokenURI
        ]
        let keyFile = directory.appendingPathComponent("service-account.json")
        try JSONEncoder().encode(file).write(to: keyFile)
        return TestServiceAccount(
            directory: directory, privateKeyPath: privateKey, publicKeyPath: publicKey, keyFilePath: keyFile.path,
            privateKeyPEM: pem, publicKeyPEM: try String(contentsOfFile: publicKey, encoding: .utf8))
    }
}

import DialerCrypto
import Foundation

/// The signed JWT a service account trades for an access token (RFC 7523, Google's
/// "OAuth 2.0 for Server to Server Applications").
public struct JWTAssertion: Sendable {
    public static let sheetsScope = "https://www.googleapis.com/auth/spreadsheets"
    /// Google refuses assertions that live longer than an hour.
    public static let maxLifetime: TimeInterval = 3600

    /// `header.payload.signature`, each base64url without padding.
    public let compact: String
    /// `header.payload`: the bytes the signature covers.
    public let signingInput: String
    public let signature: [UInt8]

    public init(
        key: ServiceAccountKey, signer: RSASigner, audience: String, scope: String = sheetsScope,
        issuedAt: Date, lifetime: TimeInterval = maxLifetime
    ) throws(SheetsError) {
        var header: [String: String] = ["alg": "RS256", "typ": "JWT"]
        if let kid = key.privateKeyId { header["kid"] = kid }
        let iat = Int(issuedAt.timeIntervalSince1970)
        let exp = iat + Int(min(lifetime, Self.maxLifetime))
        let payload = JWTClaims(iss: key.clientEmail, scope: scope, aud: audience, iat: iat, exp: exp)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let headerJSON = try? encoder.encode(header), let payloadJSON = try? encoder.encode(payload) else {
            throw .auth("could not encode the JWT")
        }
        signingInput = Base64URL.encode(Array(headerJSON)) + "." + Base64URL.encode(Array(payloadJSON))
        do {
            signature = try signer.sign(Array(signingInput.utf8))
        } catch {
            throw .auth("signing the JWT failed: \(error)")
        }
        compact = signingInput + "." + Base64URL.encode(signature)
    }
}

/// The claim set Google's token endpoint checks.
public struct JWTClaims: Codable, Sendable, Equatable {
    public var iss: String
    public var scope: String
    public var aud: String
    public var iat: Int
    public var exp: Int

    public init(iss: String, scope: String, aud: String, iat: Int, exp: Int) {
        self.iss = iss
        self.scope = scope
        self.aud = aud
        self.iat = iat
        self.exp = exp
    }
}

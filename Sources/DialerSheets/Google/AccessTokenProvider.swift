import DialerCore
import DialerCrypto
import DialerHTTP
import Foundation

/// Hands out a bearer token for Google APIs. Production: `GoogleTokenProvider`; tests may fake it.
public protocol AccessTokenProvider: Sendable {
    func accessToken() async throws(SheetsError) -> String
    /// The token was refused (401): forget it so the next call fetches a fresh one.
    func invalidate() async
}

/// Signs a JWT with the service account's key and trades it at `token_uri` for an access token,
/// which is cached until `refreshMargin` before it expires. Concurrent callers share one fetch.
public actor GoogleTokenProvider: AccessTokenProvider {
    private let key: ServiceAccountKey
    private let signer: RSASigner
    private let tokenURL: String
    private let http: any HTTPClient
    private let clock: any WallClock
    private let refreshMargin: TimeInterval
    private var cached: (token: String, expiresAt: Date)?
    private var inFlight: Task<(String, Date), any Error>?
    /// How many tokens were fetched: lets tests see the cache work.
    public private(set) var fetches = 0

    /// - Parameter tokenURL: overrides the key's `token_uri` (dialer-sim, a proxy); the JWT's
    ///   `aud` is the URL the assertion is sent to, as Google requires.
    public init(
        key: ServiceAccountKey, tokenURL: String? = nil, http: any HTTPClient, clock: any WallClock,
        refreshMargin: TimeInterval = 300
    ) throws(SheetsError) {
        self.key = key
        do {
            signer = try RSASigner(pemPrivateKey: key.privateKeyPEM)
        } catch {
            throw .badServiceAccountKey("private_key: \(error)")
        }
        self.tokenURL = tokenURL ?? key.tokenURI
        self.http = http
        self.clock = clock
        self.refreshMargin = refreshMargin
    }

    public func accessToken() async throws(SheetsError) -> String {
        let now = clock.now.date
        if let cached, cached.expiresAt.timeIntervalSince(now) > refreshMargin { return cached.token }
        let task: Task<(String, Date), any Error>
        if let inFlight {
            task = inFlight
        } else {
            task = Task { try await self.fetch() }
            inFlight = task
        }
        do {
            let (token, expiresAt) = try await task.value
            inFlight = nil
            cached = (token, expiresAt)
            return token
        } catch let error as SheetsError {
            inFlight = nil
            throw error
        } catch {
            inFlight = nil
            throw .auth("\(error)")
        }
    }

    public func invalidate() { cached = nil }

    private func fetch() async throws -> (String, Date) {
        fetches += 1
        let issuedAt = clock.now.date
        let assertion = try JWTAssertion(key: key, signer: signer, audience: tokenURL, issuedAt: issuedAt)
        let body =
            "grant_type=" + FormURLEncoding.escape("urn:ietf:params:oauth:grant-type:jwt-bearer")
            + "&assertion=" + FormURLEncoding.escape(assertion.compact)
        let response: HTTPResponse
        do {
            response = try await http.send(
                HTTPRequest(
                    method: "POST", url: tokenURL, headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
                    body: Array(body.utf8), totalTimeout: .seconds(30)))
        } catch {
            throw SheetsError.auth("token endpoint unreachable: \(error)")
        }
        guard (200..<300).contains(response.status) else {
            // Google answers {"error": "invalid_grant", "error_description": "..."}: no secret in it.
            let reason =
                (try? JSONDecoder().decode(TokenError.self, from: Data(response.body)))
                .map { "\($0.error)\($0.error_description.map { ": \($0)" } ?? "")" } ?? "HTTP \(response.status)"
            throw SheetsError.auth("token endpoint answered \(response.status): \(reason)")
        }
        guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: Data(response.body)) else {
            throw SheetsError.auth("token endpoint answered without access_token/expires_in")
        }
        return (answer.access_token, issuedAt.addingTimeInterval(answer.expires_in))
    }

    // swift-format-ignore: AlwaysUseLowerCamelCase
    // Google's JSON names, decoded as they are.
    private struct TokenAnswer: Decodable {
        var access_token: String
        var expires_in: Double
        var token_type: String?
    }

    // swift-format-ignore: AlwaysUseLowerCamelCase
    private struct TokenError: Decodable {
        var error: String
        var error_description: String?
    }
}

/// A fixed token, for tests and for clients that authenticate elsewhere.
public struct StaticTokenProvider: AccessTokenProvider {
    public let token: String
    public init(token: String) { self.token = token }
    public func accessToken() async throws(SheetsError) -> String { token }
    public func invalidate() async {}
}

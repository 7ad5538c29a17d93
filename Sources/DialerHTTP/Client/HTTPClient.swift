/// The HTTP surface every provider, the sheet sync and dialer-sim's callback sender use.
/// Production: `CurlHTTPClient` (libcurl multi, one driver thread). Tests may fake it.
public protocol HTTPClient: Sendable {
    func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse
}

public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

public struct BasicCredentials: Sendable, Equatable {
    public var user: String
    public var password: String
    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }
}

public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]?
    public var basicAuth: BasicCredentials?
    public var connectTimeout: Duration
    public var totalTimeout: Duration
    public var maxResponseBytes: Int
    /// Off only for tests against self-signed loopback servers.
    public var verifyTLS: Bool
    /// Follows up to 5 redirects. `basicAuth` is sent to the first host only; other headers go to
    /// every host, so a request carrying a secret in a header of its own must not follow.
    public var followRedirects: Bool

    public init(
        method: String, url: String, headers: [HTTPHeader] = [], body: [UInt8]? = nil,
        basicAuth: BasicCredentials? = nil, connectTimeout: Duration = .seconds(5),
        totalTimeout: Duration = .seconds(15), maxResponseBytes: Int = 4 << 20, verifyTLS: Bool = true,
        followRedirects: Bool = false
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.basicAuth = basicAuth
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxResponseBytes = maxResponseBytes
        self.verifyTLS = verifyTLS
        self.followRedirects = followRedirects
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPHeader], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Case-insensitive; the last value wins, as after a redirect.
    public func header(_ name: String) -> String? { headers.lastValue(named: name) }
}

public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing reached the server: DNS, refused, TLS handshake, connect timeout.
    case connectFailed(String)
    /// The request may have been processed; `requestSent` tells whether any byte left us.
    case timedOut(requestSent: Bool)
    case responseTooLarge(limit: Int)
    case cancelled
    case transport(String)

    public var description: String {
        switch self {
        case .connectFailed(let m): "connect failed: \(m)"
        case .timedOut(let sent): sent ? "timed out after the request was sent" : "timed out before the request was sent"
        case .responseTooLarge(let limit): "response body larger than \(limit) bytes"
        case .cancelled: "cancelled"
        case .transport(let m): "transport error: \(m)"
        }
    }
}

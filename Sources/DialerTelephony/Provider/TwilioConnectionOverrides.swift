/// Twilio's per-URL connection overrides: a fragment on a callback URL
/// (`…/status?attemptId=a#ct=2000&rt=4000&tt=15000&rc=3&rp=ct,rt,5xx`) that tells Twilio how
/// long to wait and when to retry (docs: "Webhooks (HTTP callbacks): Connection Overrides").
/// Without it Twilio retries once, and only a connection that failed: a 503 from us during a
/// database outage would lose the callback.
///
/// An HTTP client never sends a fragment, so our server does not see it; it only changes how
/// Twilio delivers.
public struct TwilioConnectionOverrides: Sendable, Equatable {
    /// `ct`: milliseconds to establish the TCP connection (100–10000; Twilio's default 5000).
    public var connectTimeoutMillis: Int?
    /// `rt`: milliseconds to wait for the response, and between its packets (100–15000; default 15000).
    public var readTimeoutMillis: Int?
    /// `tt`: milliseconds for all attempts together (100–15000; default 15000).
    public var totalTimeoutMillis: Int?
    /// `rc`: retries after the first attempt (0–5; default 1).
    public var retryCount: Int?
    /// `rp`: which failures are retried: `4xx`, `5xx`, `ct`, `rt` or `all` (default `ct,rt`).
    public var retryPolicy: [String]?

    public init(
        connectTimeoutMillis: Int? = nil, readTimeoutMillis: Int? = nil, totalTimeoutMillis: Int? = nil,
        retryCount: Int? = nil, retryPolicy: [String]? = nil
    ) {
        self.connectTimeoutMillis = connectTimeoutMillis
        self.readTimeoutMillis = readTimeoutMillis
        self.totalTimeoutMillis = totalTimeoutMillis
        self.retryCount = retryCount
        self.retryPolicy = retryPolicy
    }

    /// What our callback URLs ask for. A refused connection, a timeout and a 5xx are retried, 3
    /// times. The webhook answers within about 2 s even with the database down (the store's
    /// server-selection timeout, then the spool's fsync), so 4 s per attempt leaves a margin,
    /// and 4 attempts fit Twilio's 15 s cap. A 4xx (a bad signature, a malformed body) is final.
    public static let callbacks = TwilioConnectionOverrides(
        connectTimeoutMillis: 2000, readTimeoutMillis: 4000,
        totalTimeoutMillis: 15000, retryCount: 3, retryPolicy: ["ct", "rt", "5xx"])

    /// Twilio's behaviour when a URL has no fragment.
    public static let twilioDefaults = TwilioConnectionOverrides(
        connectTimeoutMillis: 5000, readTimeoutMillis: 15000,
        totalTimeoutMillis: 15000, retryCount: 1, retryPolicy: ["ct", "rt"])

    /// `ct=…&rt=…&tt=…&rc=…&rp=…`, without the `#`.
    public var fragment: String {
        var pairs: [String] = []
        if let connectTimeoutMillis { pairs.append("ct=\(connectTimeoutMillis)") }
        if let readTimeoutMillis { pairs.append("rt=\(readTimeoutMillis)") }
        if let totalTimeoutMillis { pairs.append("tt=\(totalTimeoutMillis)") }
        if let retryCount { pairs.append("rc=\(retryCount)") }
        if let retryPolicy { pairs.append("rp=\(retryPolicy.joined(separator: ","))") }
        return pairs.joined(separator: "&")
    }

    /// Reads a fragment; keys it does not know (`e`, `sni`) and values that are not numbers are ignored.
    public init(fragment: Substring) {
        self.init()
        for pair in fragment.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let value = parts[1]
            switch parts[0] {
            case "ct": connectTimeoutMillis = Int(value)
            case "rt": readTimeoutMillis = Int(value)
            case "tt": totalTimeoutMillis = Int(value)
            case "rc": retryCount = Int(value)
            case "rp": retryPolicy = value.split(separator: ",").map(String.init)
            default: continue
            }
        }
    }

    /// A URL split at its fragment: the part an HTTP client requests, and the overrides.
    public static func split(_ url: String) -> (url: String, overrides: TwilioConnectionOverrides?) {
        guard let hash = url.firstIndex(of: "#") else { return (url, nil) }
        return (String(url[..<hash]), TwilioConnectionOverrides(fragment: url[url.index(after: hash)...]))
    }
}

/// The operator listener: loopback by default, never the webhook port.
public struct APIServerConfiguration: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// The largest request body any route reads; larger ones are refused with 413 unread.
    public var maxBodyBytes: Int
    public var idleTimeout: Duration
    /// How long a key lookup is reused: the bound on how late another instance's revocation takes effect here.
    public var keyCacheTTL: Duration

    public init(
        host: String = "127.0.0.1", port: Int = 8081, maxBodyBytes: Int = 1 << 20, idleTimeout: Duration = .seconds(75),
        keyCacheTTL: Duration = .seconds(5)
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.idleTimeout = idleTimeout
        self.keyCacheTTL = keyCacheTTL
    }

    public var description: String { "APIServerConfiguration(bind: \(host):\(port), maxBodyBytes: \(maxBodyBytes), keyCacheTTL: \(keyCacheTTL))" }
}

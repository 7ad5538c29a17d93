/// One callback as received: the raw body read once, so that signatures are checked over the
/// exact bytes and the body is then parsed by us, not by a framework that might normalise it.
public struct WebhookRequest: Sendable {
    public var method: String
    public var path: String
    /// The raw query string, percent-encoding kept, without the "?".
    public var query: String?
    /// Names lowercased.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, path: String, query: String?, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers.map { ($0.name.lowercased(), $0.value) }
        self.body = body
    }

    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.last { $0.name == lower }?.value
    }

    /// The path plus query exactly as requested, to append to the public base URL.
    var pathAndQuery: String {
        guard let query, !query.isEmpty else { return path }
        return path + "?" + query
    }
}

public struct WebhookReply: Sendable, Equatable {
    public var status: Int
    public var body: String

    public init(status: Int, body: String = "") {
        self.status = status
        self.body = body
    }

    static let ok = WebhookReply(status: 200)
    /// Not stored yet, but on disk: the spool stores it when the database is back. 200, not 202:
    /// ElevenLabs counts only a 200 as delivered.
    static let spooled = WebhookReply(status: 200, body: "spooled; stored when the database is back")
    static func forbidden(_ reason: String) -> WebhookReply { WebhookReply(status: 403, body: reason) }
    static func badRequest(_ reason: String) -> WebhookReply { WebhookReply(status: 400, body: reason) }
    static let tooLarge = WebhookReply(status: 413, body: "body too large")
    static let unavailable = WebhookReply(status: 503, body: "storage unavailable, retry later")
}

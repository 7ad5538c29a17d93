import DialerHTTP
import DialerTelephony
import Foundation
import Logging

/// One outgoing callback or webhook, signed and ready to send.
struct SimCallback: Sendable {
    var kind: String
    var callSid: String
    var method: String
    var url: String
    var headers: [HTTPHeader]
    var body: [UInt8]?
    /// Twilio's delivery rules (its connection overrides, or its defaults); nil: one attempt.
    var overrides: TwilioConnectionOverrides? = nil
}

/// The outcome of sending one callback, kept for tests.
public struct SimCallbackDelivery: Sendable, Equatable {
    public var sequence: Int
    public var kind: String
    public var callSid: String
    public var url: String
    public var sentAt: Date
    /// The receiver's HTTP status, or nil when the request failed.
    public var status: Int?
    public var error: String?
    /// Attempts made, retries included; `status` and `error` are the last attempt's.
    public var attempts: Int = 1
}

/// Posts callbacks and records what happened. Callbacks for one call are sent in order by
/// its playout task; different calls proceed independently.
actor SimCallbackSender {
    private let http: any HTTPClient
    private let logger: Logger
    private let wallClock: @Sendable () -> Date
    private var deliveries: [SimCallbackDelivery] = []
    private var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    init(http: any HTTPClient, logger: Logger, wallClock: @escaping @Sendable () -> Date) {
        self.http = http
        self.logger = logger
        self.wallClock = wallClock
    }

    /// Twilio's limits (error 11205): by default 5 s per TCP connect attempt and 15 s in all for the
    /// response, one retry of a failed connection; a callback URL's connection overrides change them.
    nonisolated func deliver(_ callback: SimCallback) async {
        let rules = callback.overrides
        let connect = Duration.milliseconds(rules?.connectTimeoutMillis ?? 5000)
        let read = Duration.milliseconds(rules?.readTimeoutMillis ?? 15000)
        let total = Duration.milliseconds(rules?.totalTimeoutMillis ?? 15000)
        let sentAt = wallClock()
        let start = ContinuousClock.now
        var attempts = 0
        while true {
            attempts += 1
            let left = total - (ContinuousClock.now - start)
            let request = HTTPRequest(
                method: callback.method, url: callback.url, headers: callback.headers, body: callback.body,
                connectTimeout: min(connect, left), totalTimeout: min(connect + read, left))
            let failure: String
            let retry: Bool
            do {
                let response = try await http.send(request)
                retry = Self.retries(rules, status: response.status)
                if !retry || !Self.mayRetry(rules, attempts: attempts, start: start, total: total) {
                    await record(callback, sentAt: sentAt, status: response.status, error: nil, attempts: attempts)
                    return
                }
                failure = "HTTP \(response.status)"
            } catch {
                retry = Self.retries(rules, error: error)
                failure = error.description
                if !retry || !Self.mayRetry(rules, attempts: attempts, start: start, total: total) {
                    logger.info("callback failed", metadata: ["kind": "\(callback.kind)", "url": "\(callback.url)", "error": "\(error)"])
                    await record(callback, sentAt: sentAt, status: nil, error: failure, attempts: attempts)
                    return
                }
            }
            logger.debug("callback retried", metadata: ["kind": "\(callback.kind)", "attempt": "\(attempts)", "after": "\(failure)"])
        }
    }

    private static func mayRetry(_ rules: TwilioConnectionOverrides?, attempts: Int, start: ContinuousClock.Instant, total: Duration) -> Bool {
        attempts <= (rules?.retryCount ?? 0) && ContinuousClock.now - start < total
    }

    private static func retries(_ rules: TwilioConnectionOverrides?, status: Int) -> Bool {
        let policy = rules?.retryPolicy ?? []
        if policy.contains("all") { return status >= 400 }
        return (400..<500).contains(status) && policy.contains("4xx") || status >= 500 && policy.contains("5xx")
    }

    private static func retries(_ rules: TwilioConnectionOverrides?, error: HTTPClientError) -> Bool {
        let policy = Set(rules?.retryPolicy ?? [])
        if policy.contains("all") { return true }
        switch error {
        case .connectFailed, .timedOut(requestSent: false): return policy.contains("ct")
        case .timedOut(requestSent: true): return policy.contains("rt")
        default: return false
        }
    }

    func all() -> [SimCallbackDelivery] { deliveries }

    func waitForCount(_ count: Int) async {
        if deliveries.count >= count { return }
        await withCheckedContinuation { waiters.append((count, $0)) }
    }

    private func record(_ callback: SimCallback, sentAt: Date, status: Int?, error: String?, attempts: Int) {
        deliveries.append(
            SimCallbackDelivery(
                sequence: deliveries.count + 1, kind: callback.kind, callSid: callback.callSid,
                url: callback.url, sentAt: sentAt, status: status, error: error, attempts: attempts))
        let ready = waiters.filter { $0.count <= deliveries.count }
        waiters.removeAll { $0.count <= deliveries.count }
        for waiter in ready { waiter.continuation.resume() }
    }
}

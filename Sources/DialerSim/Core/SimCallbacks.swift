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

    /// Twilio's limits (error 11205): 5 s per TCP connect attempt and 15 s in all for the response.
    nonisolated func deliver(_ callback: SimCallback) async {
        let request = HTTPRequest(method: callback.method, url: callback.url, headers: callback.headers, body: callback.body,
                                  connectTimeout: .seconds(5), totalTimeout: .seconds(15))
        let sentAt = wallClock()
        do {
            let response = try await http.send(request)
            await record(callback, sentAt: sentAt, status: response.status, error: nil)
        } catch {
            logger.info("callback failed", metadata: ["kind": "\(callback.kind)", "url": "\(callback.url)", "error": "\(error)"])
            await record(callback, sentAt: sentAt, status: nil, error: error.description)
        }
    }

    func all() -> [SimCallbackDelivery] { deliveries }

    func waitForCount(_ count: Int) async {
        if deliveries.count >= count { return }
        await withCheckedContinuation { waiters.append((count, $0)) }
    }

    private func record(_ callback: SimCallback, sentAt: Date, status: Int?, error: String?) {
        deliveries.append(SimCallbackDelivery(sequence: deliveries.count + 1, kind: callback.kind, callSid: callback.callSid,
                                              url: callback.url, sentAt: sentAt, status: status, error: error))
        let ready = waiters.filter { $0.count <= deliveries.count }
        waiters.removeAll { $0.count <= deliveries.count }
        for waiter in ready { waiter.continuation.resume() }
    }
}

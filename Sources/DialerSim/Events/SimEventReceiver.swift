import DialerCore
import Foundation

/// A user's endpoint for dialerd's outbound event webhooks (POST /events…): keeps every
/// delivery as it arrived (raw body and headers, so a test can check the signature) and can be
/// told to answer the next ones 500, so tests see retries.
final class SimEventReceiver: Sendable {
    struct Received: Sendable {
        var path: String
        var idempotencyKey: String?
        var event: String?
        var signature: String?
        var body: String
        var status: Int
    }

    private let state = LockedValue<(received: [Received], failuresLeft: Int)>(([], 0))

    static func handles(_ path: String) -> Bool { path == "/events" || path.hasPrefix("/events/") }

    func receive(_ request: SimRequest) -> SimReply {
        let status = state.withLock { state -> Int in
            let status = state.failuresLeft > 0 ? 500 : 200
            if status == 500 { state.failuresLeft -= 1 }
            state.received.append(
                Received(
                    path: request.path, idempotencyKey: request.header("idempotency-key"), event: request.header("dialer-event"),
                    signature: request.header("dialer-signature"), body: String(decoding: request.body, as: UTF8.self), status: status))
            return status
        }
        return .json(status, .object(["received": .bool(status == 200)]))
    }

    /// The next `count` deliveries are answered 500.
    func failNext(_ count: Int) { state.withLock { $0.failuresLeft = max(0, count) } }

    var json: JSONValue {
        .array(
            state.withLock { $0.received }.map { item in
                .object([
                    "path": .string(item.path), "idempotencyKey": item.idempotencyKey.map(JSONValue.string) ?? .null,
                    "event": item.event.map(JSONValue.string) ?? .null, "signature": item.signature.map(JSONValue.string) ?? .null,
                    "body": .string(item.body), "status": .int(Int64(item.status))
                ])
            })
    }
}

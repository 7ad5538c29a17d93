import DialerCore
import DialerHTTP
import Foundation
import Hummingbird
import Logging

/// A loopback HTTP server that answers 200 to everything and keeps what it received:
/// the webhook endpoint for simulator tests and benchmarks.
public final class WebhookRecorder: Sendable {
    public struct Received: Sendable {
        public var method: String
        public var path: String
        /// The raw query string, without "?".
        public var query: String
        /// Lowercased names.
        public var headers: [(String, String)]
        public var body: [UInt8]

        public func header(_ name: String) -> String? {
            let lower = name.lowercased()
            return headers.last { $0.0 == lower }?.1
        }

        public var form: [(String, String)] { FormURLEncoding.decode(String(decoding: body, as: UTF8.self)) }
        public var pathAndQuery: String { query.isEmpty ? path : path + "?" + query }
    }

    private let store = LockedValue<(items: [Received], waiters: [(Int, CheckedContinuation<Void, Never>)])>(([], []))
    private let running = LockedValue<(port: Int?, task: Task<Void, Never>?)>((nil, nil))
    /// Statuses to answer the next requests with, in order, before 200 again.
    private let planned = LockedValue<[Int]>([])
    private let logger: Logger

    public init(logger: Logger = Logger(label: "webhook-recorder")) {
        self.logger = logger
    }

    @discardableResult
    public func start() async throws -> Int {
        let ready = StartupSignal()
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in
                let body = try await request.body.collect(upTo: 8 << 20)
                var headers: [(String, String)] = []
                for field in request.headers { headers.append((field.name.canonicalName, field.value)) }
                self.record(
                    Received(
                        method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                        headers: headers, body: Array(body.readableBytesView)))
                let status = self.planned.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
                return Response(status: HTTPResponse.Status(code: status))
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { ready.succeed($0.localAddress?.port ?? 0) },
            logger: logger)
        let task = Task {
            do { try await app.run() } catch { ready.fail(error) }
            ready.fail(CancellationError())
        }
        running.withLock { $0.task = task }
        let port = try await ready.value()
        running.withLock { $0.port = port }
        return port
    }

    public func stop() async {
        let task = running.withLock { state -> Task<Void, Never>? in
            defer { state = (nil, nil) }
            return state.task
        }
        task?.cancel()
        await task?.value
    }

    /// Answers the next `statuses.count` requests with these statuses (every request is still recorded).
    public func answerNext(_ statuses: [Int]) { planned.withLock { $0 += statuses } }

    public var baseURL: String { "http://127.0.0.1:\(running.withLock { $0.port } ?? 0)" }
    public var received: [Received] { store.withLock { $0.items } }

    public func waitForCount(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let ready = store.withLock { state -> Bool in
                if state.items.count >= count { return true }
                state.waiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    private func record(_ item: Received) {
        let ready = store.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.items.append(item)
            let count = state.items.count
            let due = state.waiters.filter { $0.0 <= count }.map(\.1)
            state.waiters.removeAll { $0.0 <= count }
            return due
        }
        for continuation in ready { continuation.resume() }
    }
}

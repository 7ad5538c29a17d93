import DialerCore
import DialerTelephony
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// How the loopback check server answers one contact.
enum PreDialAnswer: Sendable {
    case eligible
    case notEligible(String)
    /// Answers `eligible` after this long: past a short timeout.
    case slow(Duration)
    case failing(status: Int)
    /// A well-formed `eligible`, signed with a secret that is not ours.
    case forged
}

/// A user's pre-dial check endpoint on 127.0.0.1: checks our request's signature, answers each contact as
/// scripted (eligible by default), signed with the shared secret.
final class PreDialServer: Sendable {
    static let secret = "pre-dial-test-secret"
    let url: String
    private let answers: LockedValue<[String: PreDialAnswer]>
    /// Each request as received: its contact id and whether its signature verified.
    let received: LockedValue<[(contactId: String, signed: Bool)]>

    private init(url: String, answers: LockedValue<[String: PreDialAnswer]>, received: LockedValue<[(contactId: String, signed: Bool)]>) {
        self.url = url
        self.answers = answers
        self.received = received
    }

    func answer(_ contactId: ObjectId, _ answer: PreDialAnswer) { answers.withLock { $0[contactId.hex] = answer } }

    static func with<T: Sendable>(_ body: (PreDialServer) async throws -> T) async throws -> T {
        let answers = LockedValue<[String: PreDialAnswer]>([:])
        let received = LockedValue<[(contactId: String, signed: Bool)]>([])
        let router = Router()
        router.post("check") { request, _ -> Response in
            let bytes = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
            let fields = (try? JSONDecoder().decode([String: String].self, from: Data(bytes))) ?? [:]
            let contactId = fields["contactId"] ?? ""
            let signed =
                DialerSignature.verify(
                    header: request.headers[HTTPField.Name(DialerSignature.headerName)!], secret: secret,
                    body: bytes, now: Date()) == .valid
            received.withLock { $0.append((contactId, signed)) }
            switch answers.withLock({ $0[contactId] }) ?? .eligible {
            case .eligible: return reply(#"{"eligible": true}"#, secret: secret)
            case .notEligible(let reason): return reply(#"{"eligible": false, "reason": "\#(reason)"}"#, secret: secret)
            case .slow(let delay):
                try await Task.sleep(for: delay)
                return reply(#"{"eligible": true}"#, secret: secret)
            case .failing(let status): return Response(status: .init(code: status))
            case .forged: return reply(#"{"eligible": true}"#, secret: "someone-elses-secret")
            }
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "pre-dial-server")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            }, logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw CancellationError() }
        let server = PreDialServer(url: "http://127.0.0.1:\(port)/check", answers: answers, received: received)
        let result = try await body(server)
        task.cancel()
        _ = await task.result
        return result
    }

    private static func reply(_ json: String, secret: String) -> Response {
        let body = Array(json.utf8)
        let signature = DialerSignature.header(secret: secret, timestamp: Int(Date().timeIntervalSince1970), body: body)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[HTTPField.Name(DialerSignature.headerName)!] = signature
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

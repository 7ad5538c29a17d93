import DialerCore
import DialerHTTP
import DialerStore
import DialerTelephony
import DialerWebhooks
import Foundation
import Logging

enum Secrets {
    static let twilioAuthToken = "twilio-auth-token-5f0c1e9a77d2"
    static let elevenLabs = "wsec_elevenlabs_0e8b47a1c2d3"
    static let bland = "bland-signing-secret-94c1d0"
    static let publicBaseURL = "https://dialer.example.com"
}

/// A webhook server on 127.0.0.1 with an OS-picked port, a libcurl client to call it, a
/// recording listener and summary sink, and a hand-moved wall clock.
final class WebhookHarness: Sendable {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    let store: any CampaignStore
    let listener: RecordingListener
    let summaries = RecordingSummarySink()
    let clock: ManualWallClock
    let configuration: WebhookConfiguration
    let port: Int
    private let client: CurlHTTPClient
    private let serverTask: Task<Void, any Error>

    private init(
        store: any CampaignStore, configuration: WebhookConfiguration, clockStart: Date,
        listener: RecordingListener, logger: Logger, spool: CallbackSpool?
    ) async throws {
        self.store = store
        self.listener = listener
        clock = ManualWallClock(start: clockStart)
        self.configuration = configuration
        client = try CurlHTTPClient()
        let server = WebhookServer(
            configuration: configuration, store: store, listener: listener, summarySink: summaries,
            clock: clock, logger: logger, spool: spool)
        serverTask = Task { try await server.run() }
        port = try await server.listeningPort()
    }

    static func configuration(_ adjust: (inout WebhookConfiguration) -> Void = { _ in }) -> WebhookConfiguration {
        var configuration = WebhookConfiguration(
            host: "127.0.0.1", port: 0, publicBaseURL: Secrets.publicBaseURL, twilioAuthToken: Secrets.twilioAuthToken,
            elevenLabsWebhookSecret: Secrets.elevenLabs, blandWebhookSecret: Secrets.bland)
        adjust(&configuration)
        return configuration
    }

    /// Runs `body` against a fresh server and always stops it.
    static func with<T>(
        store: (any CampaignStore)? = nil, clockStart: Date = WebhookHarness.t0,
        listener: RecordingListener = RecordingListener(),
        logger: Logger = Logger(label: "webhook-tests", factory: { _ in SwiftLogNoOpLogHandler() }),
        configure: (inout WebhookConfiguration) -> Void = { _ in }, spool: CallbackSpool? = nil,
        _ body: (WebhookHarness) async throws -> T
    ) async throws -> T {
        let harness = try await WebhookHarness(
            store: store ?? InMemoryStore(), configuration: configuration(configure),
            clockStart: clockStart, listener: listener, logger: logger, spool: spool)
        do {
            let result = try await body(harness)
            await harness.stop()
            return result
        } catch {
            await harness.stop()
            throw error
        }
    }

    func stop() async {
        serverTask.cancel()
        _ = try? await serverTask.value
        await client.shutdown()
    }

    var localBaseURL: String { "http://127.0.0.1:\(port)" }

    func post(_ path: String, query: String? = nil, headers: [HTTPHeader] = [], body: [UInt8]) async throws -> HTTPResponse {
        let url = localBaseURL + path + (query.map { "?" + $0 } ?? "")
        return try await client.send(HTTPRequest(method: "POST", url: url, headers: headers, body: body))
    }

    // MARK: Twilio

    /// Posts form parameters signed the way Twilio signs them: over `signedBase` (the public
    /// URL by default) plus path and query.
    func postTwilio(
        _ route: WebhookRoute, _ parameters: [(String, String)], attemptId: String? = nil,
        signedBase: String = Secrets.publicBaseURL, token: String = Secrets.twilioAuthToken,
        signature: String?? = nil
    ) async throws -> HTTPResponse {
        let query = attemptId.map { "\(CallbackURLs.attemptIdParameter)=\(FormURLEncoding.escape($0))" }
        let signedURL = signedBase + route.path + (query.map { "?" + $0 } ?? "")
        var headers = [HTTPHeader("Content-Type", "application/x-www-form-urlencoded"), HTTPHeader("User-Agent", "TwilioProxy/1.1")]
        let computed = TwilioSignature.compute(authToken: token, url: signedURL, parameters: parameters)
        if let value = signature ?? computed { headers.append(HTTPHeader("X-Twilio-Signature", value)) }
        return try await post(route.path, query: query, headers: headers, body: Array(FormURLEncoding.encode(parameters).utf8))
    }

    // MARK: ElevenLabs

    func postElevenLabs(
        _ body: [UInt8], timestamp: Date? = nil, secret: String = Secrets.elevenLabs,
        header: String?? = nil
    ) async throws -> HTTPResponse {
        let t = Int((timestamp ?? clock.date).timeIntervalSince1970)
        var headers = [HTTPHeader("Content-Type", "application/json")]
        if let value = header ?? ElevenLabsSignature.header(secret: secret, timestamp: t, body: body) {
            headers.append(HTTPHeader(ElevenLabsSignature.headerName, value))
        }
        return try await post(CallbackURLs.elevenLabsPath, headers: headers, body: body)
    }

    // MARK: Bland

    func postBland(_ body: [UInt8], secret: String = Secrets.bland, signature: String?? = nil) async throws -> HTTPResponse {
        var headers = [HTTPHeader("Content-Type", "application/json")]
        if let value = signature ?? BlandSignature.compute(secret: secret, body: body) {
            headers.append(HTTPHeader(BlandSignature.headerName, value))
        }
        return try await post(CallbackURLs.blandPath, headers: headers, body: body)
    }

    // MARK: Store

    /// Inserts the attempt the way the engine does before dialing.
    @discardableResult
    func insertCall(
        attemptId: String, provider: ProviderKind = .twilio, callSid: String? = nil,
        conversationId: String? = nil, providerCallId: String? = nil, status: CallStatus = .queued
    ) async throws -> ObjectId {
        var call = Call(
            attemptId: attemptId, provider: provider, attempt: 1, status: status, from: "+14155550100",
            to: "+14155550123", campaignId: ObjectId(), contactId: ObjectId(), now: WebhookHarness.t0)
        call.callSid = callSid
        call.conversationId = conversationId
        call.providerCallId = providerCallId
        return try await store.insertCall(call)
    }

    func call(attemptId: String) async throws -> Call? { try await store.call(.attemptId(attemptId)) }
}

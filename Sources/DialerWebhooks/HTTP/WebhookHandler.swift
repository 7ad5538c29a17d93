import DialerCore
import DialerMetrics
import DialerStore
import DialerTelephony
import Foundation
import Logging

/// One callback, end to end: signature, then parsing, then the store writes.
///
/// - bad or missing signature: 403, nothing written;
/// - body that does not parse, or lacks the ids we need: 400;
/// - store unreachable: 200 once the callback is durably in the `spool` (replayed later), else 503,
///   so the provider retries (ingest is idempotent); any other store failure: 503;
/// - otherwise 200, including for a call we cannot find (see `IngestOutcome.unknownCall`).
public struct WebhookHandler: Sendable {
    public let configuration: WebhookConfiguration
    let authenticator: WebhookAuthenticator
    let ingest: WebhookIngest
    let logger: Logger
    let metrics: WebhookMetrics
    let spool: CallbackSpool?

    public init(
        configuration: WebhookConfiguration, store: any CallbackStore, notifier: CallEndNotifier,
        summarySink: (any CallSummarySink)? = nil, clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "dialer.webhooks"), metrics: WebhookMetrics = DialerMetrics.disabled.webhooks,
        spool: CallbackSpool? = nil
    ) {
        self.configuration = configuration
        self.spool = spool
        self.logger = logger
        self.metrics = metrics
        authenticator = WebhookAuthenticator(configuration: configuration, clock: clock)
        ingest = WebhookIngest(store: store, notifier: notifier, summarySink: summarySink, clock: clock, logger: logger)
    }

    public func handle(_ route: WebhookRoute, _ request: WebhookRequest) async -> WebhookReply {
        let form = route.isTwilio ? FormParameters(body: request.body) : FormParameters(pairs: [])
        let verdict = authenticator.verify(route, request, formParameters: form.pairs)
        guard verdict.isAccepted else {
            // The verdict names the failure; the header's value is never logged.
            logger.warning("webhook signature rejected", metadata: ["route": "\(route.rawValue)", "verdict": "\(verdict.rawValue)"])
            metrics.signatureFailure(route: route.rawValue)
            return .forbidden("signature \(verdict.rawValue)")
        }
        let attemptId = FormParameters(query: request.query)[CallbackURLs.attemptIdParameter]
        do {
            let outcome = try await process(route, request)
            logger.debug("webhook ingested", metadata: ["route": "\(route.rawValue)", "outcome": "\(outcome.rawValue)"])
            return outcome == .foreign ? .foreign : .ok
        } catch let error as WebhookParseError {
            logger.notice("malformed webhook", metadata: ["route": "\(route.rawValue)", "error": "\(error)", "attemptId": "\(attemptId ?? "-")"])
            return .badRequest(error.description)
        } catch  where error.isStoreOutage && spool != nil {
            return await spoolForLater(route, request, storeError: error)
        } catch {
            logger.error("webhook not stored", metadata: ["route": "\(route.rawValue)", "error": "\(error)", "attemptId": "\(attemptId ?? "-")"])
            return .unavailable
        }
    }

    /// Parses one authenticated callback and stores it; the spool's replays come through here too.
    func process(_ route: WebhookRoute, _ request: WebhookRequest) async throws -> IngestOutcome {
        let form = route.isTwilio ? FormParameters(body: request.body) : FormParameters(pairs: [])
        let attemptId = FormParameters(query: request.query)[CallbackURLs.attemptIdParameter]
        switch route {
        case .twilioStatus:
            return try await ingest.twilioStatus(try TwilioStatusCallback(form), attemptId: attemptId)
        case .twilioRecording:
            return try await ingest.twilioRecording(try TwilioRecordingCallback(form), attemptId: attemptId)
        case .twilioAMD:
            return try await ingest.twilioAMD(try TwilioAMDCallback(form), attemptId: attemptId)
        case .elevenLabs:
            return try await ingest.elevenLabs(try ElevenLabsWebhook(body: request.body))
        case .bland:
            return try await ingest.bland(try BlandWebhook(body: request.body))
        }
    }

    private func spoolForLater(_ route: WebhookRoute, _ request: WebhookRequest, storeError: any Error) async -> WebhookReply {
        guard let spool else { return .unavailable }
        let callback = SpooledCallback(route: route, query: request.query, receivedAt: ingest.clock.date, body: request.body)
        do {
            try await spool.append(callback)
            logger.warning("webhook spooled: store unavailable", metadata: ["route": "\(route.rawValue)", "error": "\(storeError)"])
            return .spooled
        } catch {
            logger.error(
                "webhook neither stored nor spooled",
                metadata: ["route": "\(route.rawValue)", "error": "\(storeError)", "spool": "\(error)"])
            return .unavailable
        }
    }
}

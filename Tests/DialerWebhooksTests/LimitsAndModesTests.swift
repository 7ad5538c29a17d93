import DialerCore
import DialerHTTP
import DialerStore
import DialerTelephony
import DialerWebhooks
import Foundation
import Logging
import Synchronization
import Testing

@Suite("Body limits, validation modes and logging") struct LimitsAndModesTests {
    /// A valid Twilio callback padded past the limit with a parameter Twilio might add.
    static func oversizedStatus(_ size: Int) -> [(String, String)] {
        Payloads.twilioStatus(
            callSid: "CA0001", status: "completed", sequence: 3, duration: 5,
            extra: [("Padding", String(repeating: "x", count: size))])
    }

    @Test func aBodyOverTheLimitGets413AndChangesNothing() async throws {
        try await WebhookHarness.with(configure: { $0.maxBodyBytes = 8 * 1024 }) { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            let response = try await h.postTwilio(.twilioStatus, Self.oversizedStatus(9 * 1024), attemptId: "att-1")
            #expect(response.status == 413)
            let bland = try await h.postBland(Array(repeating: UInt8(ascii: " "), count: 9 * 1024))
            #expect(bland.status == 413)
            // Just under the limit still goes through.
            let fits = try await h.postTwilio(.twilioStatus, Self.oversizedStatus(6 * 1024), attemptId: "att-1")
            #expect(fits.status == 200)
            #expect(try await h.store.callEvents(callSid: "CA0001").count == 1)
        }
    }

    @Test func aChunkedBodyWithoutContentLengthIsCutOffAtTheLimit() async throws {
        try await WebhookHarness.with(configure: { $0.maxBodyBytes = 8 * 1024 }) { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            let body = Array(FormURLEncoding.encode(Self.oversizedStatus(64 * 1024)).utf8)
            let request = RawHTTP.chunkedPost(
                path: CallbackURLs.twilioStatusPath,
                headers: [
                    ("Content-Type", "application/x-www-form-urlencoded"),
                    ("X-Twilio-Signature", "checked-once-the-body-is-read")
                ], body: body)
            #expect(await RawHTTP.send(port: h.port, request) == 413)
            #expect(try await h.call(attemptId: "att-1")?.status == .queued)
        }
    }

    @Test func elevenLabsHasItsOwnLargerLimitForAudio() async throws {
        try await WebhookHarness.with(configure: {
            $0.maxBodyBytes = 8 * 1024
            $0.maxElevenLabsBodyBytes = 64 * 1024
        }) { (h: WebhookHarness) async throws in
            let audio = Payloads.elevenLabsAudio(conversationId: "conv_1")
            #expect(audio.count > 8 * 1024)
            #expect(try await h.postElevenLabs(audio).status == 200)
            let huge = Array(
                #"{"type": "post_call_audio", "data": {"conversation_id": "c", "full_audio": "\#(String(repeating: "A", count: 70 * 1024))"}}"#.utf8)
            #expect(try await h.postElevenLabs(huge).status == 413)
        }
    }

    @Test func withValidationDisabledUnsignedCallbacksAreAcceptedAndAWarningIsLogged() async throws {
        let logs = LogCapture()
        try await WebhookHarness.with(logger: logs.logger, configure: { $0.signatureValidation = .disabledForLocalDevelopment }) {
            (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            let params = Payloads.twilioStatus(callSid: "CA0001", status: "ringing", sequence: 1)
            #expect(try await h.postTwilio(.twilioStatus, params, attemptId: "att-1", signature: .some(nil)).status == 200)
            #expect(try await h.postBland(Payloads.blandCall(callId: "b-1", attemptId: nil), signature: .some(nil)).status == 200)
        }
        let warnings = logs.entries.filter { $0.level == .warning }.map(\.message)
        #expect(warnings.contains { $0.contains("SIGNATURE VALIDATION IS DISABLED") })
    }

    @Test func logsNeverCarrySecretsOrSignatures() async throws {
        let logs = LogCapture(level: .trace)
        var sentSignatures: [String] = []
        try await WebhookHarness.with(logger: logs.logger) { (h: WebhookHarness) async throws in
            try await h.insertCall(attemptId: "att-1", callSid: "CA0001")
            let params = Payloads.twilioStatus(callSid: "CA0001", status: "completed", sequence: 3, duration: 4)
            let good = TwilioSignature.compute(
                authToken: Secrets.twilioAuthToken,
                url: Secrets.publicBaseURL + CallbackURLs.twilioStatusPath + "?attemptId=att-1",
                parameters: params)
            let forged = TwilioSignature.compute(authToken: "forger", url: h.localBaseURL, parameters: params)
            sentSignatures = [good, forged]
            #expect(try await h.postTwilio(.twilioStatus, params, attemptId: "att-1", signature: forged).status == 403)
            #expect(try await h.postTwilio(.twilioStatus, params, attemptId: "att-1", signature: good).status == 200)
            let body = Payloads.elevenLabsTranscription(conversationId: "conv_9", callSid: "CA0009", attemptId: nil)
            #expect(try await h.postElevenLabs(body, secret: "wsec_forger").status == 403)
            #expect(try await h.postBland(Payloads.blandCall(callId: "b-1", attemptId: nil), secret: "forger").status == 403)
        }
        let text = logs.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!logs.entries.isEmpty)
        #expect(text.contains("signature rejected"))
        for secret in [Secrets.twilioAuthToken, Secrets.elevenLabs, Secrets.bland] + sentSignatures {
            #expect(!text.contains(secret))
        }
    }
}

/// Keeps every log entry in memory.
final class LogCapture: Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: String
    }

    private let storage = Mutex<[Entry]>([])
    let level: Logger.Level

    init(level: Logger.Level = .info) { self.level = level }

    var entries: [Entry] { storage.withLock { $0 } }

    var logger: Logger {
        Logger(label: "webhook-tests") { _ in Handler(capture: self, logLevel: self.level) }
    }

    fileprivate func append(_ entry: Entry) { storage.withLock { $0.append(entry) } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append(Entry(level: event.level, message: "\(event.message)", metadata: "\(merged)"))
        }
    }
}

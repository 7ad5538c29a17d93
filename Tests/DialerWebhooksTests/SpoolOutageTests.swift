import DialerCore
import DialerHTTP
import DialerStore
import Foundation
import Logging
import Testing

@testable import DialerWebhooks

/// Callbacks that arrive while the database is unreachable: spooled, answered 200, and stored
/// once it is back, through a real HTTP server on loopback.
@Suite("Callback spool during a database outage") struct SpoolOutageTests {
    static let quiet = Logger(label: "spool-tests", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A replayer over the spool on disk, as a restarted dialerd builds it.
    static func replayerAfterRestart(directory: String, store: any CampaignStore, listener: RecordingListener) throws -> SpoolReplayer {
        let spool = try CallbackSpool(directory: directory)
        let handler = WebhookHandler(
            configuration: WebhookHarness.configuration(), store: store,
            notifier: CallEndNotifier(listener: listener), logger: quiet)
        return SpoolReplayer(spool: spool, handler: handler, logger: quiet)
    }

    @Test func aRecordingAndATranscriptionDuringAnOutageAreStoredAfterARestart() async throws {
        try await withSpoolDirectory { directory in
            let store = InMemoryStore()
            let spool = try CallbackSpool(directory: directory, retryInterval: .seconds(3600))
            let statusBody = Payloads.twilioStatus(callSid: "CA0001", status: "completed", sequence: 4, duration: 16)
            try await WebhookHarness.with(store: store, spool: spool) { (h: WebhookHarness) async throws in
                try await h.insertCall(attemptId: "att-1", callSid: "CA0001", status: .inProgress)
                try await h.insertCall(attemptId: "att-2", provider: .elevenLabs, callSid: "CA0002", conversationId: "conv_2", status: .initiated)
                store.failAllOperations(with: .unavailable("test outage"))

                let recording = try await h.postTwilio(
                    .twilioRecording, Payloads.twilioRecording(callSid: "CA0001", recordingSid: "RE0001"),
                    attemptId: "att-1")
                #expect(recording.status == 200, "spooled, so the provider need not retry")
                #expect(try await h.postTwilio(.twilioStatus, statusBody, attemptId: "att-1").status == 200)
                let transcription = Payloads.elevenLabsTranscription(conversationId: "conv_2", callSid: "CA0002", attemptId: "att-2")
                #expect(try await h.postElevenLabs(transcription).status == 200)
                #expect(
                    try await h.postTwilio(.twilioStatus, statusBody, attemptId: "att-1", signature: "forged").status == 403,
                    "only authenticated callbacks are spooled")
            }
            #expect(spool.byteCount > 0)

            // dialerd restarts with the database back: the spool on disk is replayed in order.
            store.failAllOperations(with: nil)
            let listener = RecordingListener()
            let replayer = try Self.replayerAfterRestart(directory: directory, store: store, listener: listener)
            #expect(await replayer.replayPass() == .drained(count: 3))

            let stored = try await store.recordings(callSid: "CA0001")
            #expect(stored.map(\.recordingSid) == ["RE0001"])
            #expect(try await store.call(.attemptId("att-1"))?.status == .completed)
            #expect(try await store.call(.attemptId("att-1"))?.duration == 16)
            #expect(try await store.transcript(callSid: "CA0002")?.conversationId == "conv_2")
            #expect(try await store.call(.attemptId("att-2"))?.status == .completed)
            #expect(try CallbackSpool(directory: directory).byteCount == 0, "applied records are removed")

            // A second replay of the same callbacks (a crash before the spool was cut) changes nothing.
            let again = try CallbackSpool(directory: directory)
            let eventsBefore = try await store.callEvents(callSid: "CA0001").count
            let handler = WebhookHandler(
                configuration: WebhookHarness.configuration(), store: store,
                notifier: CallEndNotifier(listener: listener), logger: Self.quiet)
            _ = try await handler.process(
                .twilioRecording,
                SpooledCallback(
                    route: .twilioRecording, query: "attemptId=att-1", receivedAt: Date(),
                    body: Array(FormURLEncoding.encode(Payloads.twilioRecording(callSid: "CA0001", recordingSid: "RE0001")).utf8)
                ).request)
            _ = try await handler.process(
                .twilioStatus,
                SpooledCallback(
                    route: .twilioStatus, query: "attemptId=att-1", receivedAt: Date(), body: Array(FormURLEncoding.encode(statusBody).utf8)
                ).request)
            #expect(try await store.recordings(callSid: "CA0001").count == 1)
            #expect(try await store.callEvents(callSid: "CA0001").count == eventsBefore)
            #expect(again.byteCount == 0)
        }
    }

    @Test func theRunningServerReplaysOnceTheStoreIsBack() async throws {
        try await withSpoolDirectory { directory in
            let store = InMemoryStore()
            let spool = try CallbackSpool(directory: directory, retryInterval: .milliseconds(20))
            try await WebhookHarness.with(store: store, spool: spool) { (h: WebhookHarness) async throws in
                try await h.insertCall(attemptId: "att-1", callSid: "CA0001", status: .completed)
                store.failAllOperations(with: .unavailable("test outage"))
                let amd = try await h.postTwilio(.twilioAMD, Payloads.twilioAMD(callSid: "CA0001", answeredBy: "machine_start"), attemptId: "att-1")
                #expect(amd.status == 200)
                store.failAllOperations(with: nil)
                // The replayer retries every 20 ms; wait for its result, bounded so a broken one fails.
                let deadline = ContinuousClock.now + .seconds(10)
                while try await store.call(.attemptId("att-1"))?.answeredBy == nil, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(try await store.call(.attemptId("att-1"))?.answeredBy == "machine_start")
                while spool.byteCount > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
                #expect(spool.byteCount == 0)
            }
        }
    }

    @Test func aFullSpoolAnswers503() async throws {
        try await withSpoolDirectory { directory in
            let store = InMemoryStore()
            let spool = try CallbackSpool(directory: directory, maxBytes: 64, retryInterval: .seconds(3600))
            try await WebhookHarness.with(store: store, spool: spool) { (h: WebhookHarness) async throws in
                store.failAllOperations(with: .unavailable("test outage"))
                let response = try await h.postTwilio(
                    .twilioRecording, Payloads.twilioRecording(callSid: "CA0001", recordingSid: "RE0001"),
                    attemptId: "att-1")
                #expect(response.status == 503, "not on disk, so the provider must keep it")
                #expect(spool.byteCount == 0)
            }
        }
    }

    @Test func aStoreFailureThatIsNotAnOutageIsNotSpooled() async throws {
        try await withSpoolDirectory { directory in
            let store = InMemoryStore()
            let spool = try CallbackSpool(directory: directory, retryInterval: .seconds(3600))
            try await WebhookHarness.with(store: store, spool: spool) { (h: WebhookHarness) async throws in
                store.failAllOperations(with: .badDocument(collection: "calls", path: "status", reason: "test"))
                let response = try await h.postTwilio(
                    .twilioRecording, Payloads.twilioRecording(callSid: "CA0001", recordingSid: "RE0001"),
                    attemptId: "att-1")
                #expect(response.status == 503)
                #expect(spool.byteCount == 0, "it would fail the same way on every replay")
            }
        }
    }
}

import DialerAPI
import DialerCore
import DialerHTTP
import DialerStore
import DialerTelephony
import Foundation
import Testing

/// The audio route over real HTTP with a fake audio source: what it asks the source for, what it
/// passes on, and how provider failures reach the client. The sources themselves are tested
/// against dialer-sim in DialerTelephonyTests.
@Suite struct RecordingAudioRouteTests {
    static let sid = "RE0123456789abcdef0123456789abcdef"

    /// Hands out `chunks` (or throws `failure`) and records what it was asked for.
    final class FakeAudio: RecordingAudioSource, @unchecked Sendable {
        let chunks: [[UInt8]]
        let contentType: String
        let failure: RecordingAudioError?
        private let lock = NSLock()
        private var _asked: [(RecordingLocator, RecordingAudioFormat)] = []

        init(chunks: [[UInt8]] = [], contentType: String = "audio/mpeg", failure: RecordingAudioError? = nil) {
            self.chunks = chunks
            self.contentType = contentType
            self.failure = failure
        }

        var asked: [(RecordingLocator, RecordingAudioFormat)] { lock.withLock { _asked } }

        func openAudio(_ locator: RecordingLocator, format: RecordingAudioFormat) async throws(RecordingAudioError) -> RecordingAudio {
            lock.withLock { _asked.append((locator, format)) }
            if let failure { throw failure }
            return RecordingAudio(contentType: contentType, contentLength: chunks.map(\.count).reduce(0, +), body: HTTPBodyStream(chunks: chunks))
        }
    }

    private func seedRecording(_ store: any CampaignStore) async throws {
        let world = try await SeededWorld.make(in: store)
        try await store.upsertRecording(
            Recording(
                recordingSid: Self.sid, callSid: world.calls[0].callSid!,
                url: "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/\(Self.sid)",
                duration: 90, status: .completed, now: SeededWorld.t0))
    }

    @Test func streamsTheProvidersBytesInTheFormatAsked() async throws {
        let chunks = (0..<40).map { n in [UInt8](repeating: UInt8(n), count: 4096) }
        let audio = FakeAudio(chunks: chunks, contentType: "audio/x-wav")
        try await APIHarness.with(recordingAudio: audio) { h in
            try await seedRecording(h.store)
            let response = try await h.get("/api/db/recordings/\(Self.sid)/audio?format=wav")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "audio/x-wav")
            #expect(response.header("Content-Length") == String(40 * 4096))
            #expect(response.body == chunks.flatMap { $0 })
            #expect(audio.asked.map(\.0) == [.twilio(recordingSid: Self.sid)])
            #expect(audio.asked.map(\.1) == [.wav])
        }
    }

    @Test func aTypeThatIsNotAudioIsPassedOnAsOctetStream() async throws {
        try await APIHarness.with(recordingAudio: FakeAudio(chunks: [[1, 2, 3]], contentType: "text/html")) { h in
            try await seedRecording(h.store)
            let response = try await h.get("/api/db/recordings/\(Self.sid)/audio")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/octet-stream")
        }
    }

    @Test func unknownRecordingsAndProviderFailuresAnswerSpecifically() async throws {
        let failing = FakeAudio(failure: .providerFailed("Twilio answered 401 (code 20003) for recording \(Self.sid)"))
        try await APIHarness.with(recordingAudio: failing) { h in
            try await seedRecording(h.store)
            let missing = try await h.get("/api/db/recordings/RE99999999999999999999999999999999/audio")
            #expect(missing.status == 404)
            #expect(try h.json(missing)["code"] as? String == "NOT_FOUND")

            let failed = try await h.get("/api/db/recordings/\(Self.sid)/audio")
            #expect(failed.status == 502)
            #expect(try h.json(failed)["code"] as? String == "PROVIDER_FAILED")
            #expect(text(failed).contains("20003"))

            let badFormat = try await h.get("/api/db/recordings/\(Self.sid)/audio?format=ogg")
            #expect(badFormat.status == 400)
            #expect(failing.asked.count == 1, "a bad format never reaches the provider")

            let unauthenticated = try await h.get("/api/db/recordings/\(Self.sid)/audio", scope: nil)
            #expect(unauthenticated.status == 401)
        }
    }

    @Test func withoutAnAudioSourceTheRouteSaysSo() async throws {
        try await APIHarness.with { h in
            try await seedRecording(h.store)
            let response = try await h.get("/api/db/recordings/\(Self.sid)/audio")
            #expect(response.status == 503)
            #expect(text(response).contains("fetches no recording audio"))
        }
    }
}

import DialerCore
import DialerHTTP
import DialerSim
import DialerStore
import DialerTestSupport
import Foundation
import Testing

/// Recording audio through the operator API of a real dialerd: a recorded Twilio campaign runs
/// against dialer-sim, and the audio of its recordings comes back through dialerd byte for byte,
/// fetched with the account's credentials, which never reach the client.
@Suite("End to end: recording audio through the operator API", .serialized)
struct RecordingAudioEndToEndTests {
    @Test func aRecordedCallsAudioComesThroughDialerdByteForByte() async throws {
        let settings = CampaignSettings(callDelay: 40, maxConcurrentCalls: 6, retryCount: 0, twilio: TwilioCampaignSettings(record: true))
        let run = try await CampaignRun(contacts: 12, settings: settings)
        let port = try freeLoopbackPort()
        let apiPort = try freeLoopbackPort()
        let key = try await run.issueKey()
        let dialerd = try run.startDialerd(port: port, instanceId: "e2e-audio", apiPort: apiPort)
        try await run.waitForStatus(.completed, timeout: 180)

        let http = try CurlHTTPClient()
        let api = "http://127.0.0.1:\(apiPort)/api/db"
        let auth = [HTTPHeader("Authorization", "Bearer \(key)")]
        // Recording callbacks follow the call's end; give the last ones a moment to be stored.
        var recordings: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(30)
        while recordings.isEmpty || recordings.contains(where: { $0["status"] as? String != "completed" }) {
            let listed = try await http.send(HTTPRequest(method: "GET", url: "\(api)/recordings?limit=100", headers: auth))
            #expect(listed.status == 200)
            let page = try #require(try JSONSerialization.jsonObject(with: Data(listed.body)) as? [String: Any])
            recordings = page["items"] as? [[String: Any]] ?? []
            guard Date() < deadline else { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let recording = try #require(recordings.first, "no recording was stored for a recorded campaign")
        let sid = try #require(recording["recordingSid"] as? String)
        let seconds = try #require(recording["duration"] as? Int)

        let audio = try await http.send(
            HTTPRequest(method: "GET", url: "\(api)/recordings/\(sid)/audio", headers: auth, maxResponseBytes: 16 << 20))
        #expect(audio.status == 200)
        #expect(audio.header("Content-Type") == "audio/mpeg")
        #expect(audio.body == SimRecordingAudio.mp3(id: sid, seconds: seconds), "the bytes dialer-sim serves for \(sid)")
        let wav = try await http.send(
            HTTPRequest(method: "GET", url: "\(api)/recordings/\(sid)/audio?format=wav", headers: auth, maxResponseBytes: 16 << 20))
        #expect(wav.body == SimRecordingAudio.wav(id: sid, seconds: seconds))
        let headers = (audio.headers + wav.headers).map { "\($0.name): \($0.value)" }.joined(separator: "\n")
        #expect(!headers.contains(CampaignRun.authToken) && !headers.contains(CampaignRun.accountSid), "account details in: \(headers)")
        let anonymous = try await http.send(HTTPRequest(method: "GET", url: "\(api)/recordings/\(sid)/audio"))
        #expect(anonymous.status == 401)

        // dialer-sim saw the media requests with the account's Basic auth, as Twilio requires.
        let media = try run.simRequests().filter { $0.path.contains("/Recordings/\(sid)") }
        #expect(
            media.map(\.path).sorted()
                == [
                    "/2010-04-01/Accounts/\(CampaignRun.accountSid)/Recordings/\(sid).mp3",
                    "/2010-04-01/Accounts/\(CampaignRun.accountSid)/Recordings/\(sid).wav"
                ].sorted())
        await http.shutdown()
        dialerd.signal(SIGTERM)
        #expect(try await dialerd.waitForExit() == 0)
        #expect(!dialerd.log.contains(CampaignRun.authToken), "the auth token in dialerd's log")
        run.sim.signal(SIGTERM)
    }
}

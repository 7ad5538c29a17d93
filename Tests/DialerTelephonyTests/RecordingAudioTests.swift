import DialerCore
import DialerHTTP
import DialerSim
import DialerTelephony
import DialerTestSupport
import Foundation
import Testing

/// Recording audio fetched from each simulated provider over loopback, as the operator API's audio route does.
@Suite struct RecordingAudioTests {
    private func source(
        _ h: ProviderHarness, twilioToken: String? = nil, elevenLabsKey: String? = nil, blandKey: String? = nil,
        baseURL: String? = nil
    ) -> ProviderRecordingAudioSource {
        let base = baseURL ?? h.sim.baseURL
        let c = h.configuration
        return ProviderRecordingAudioSource(
            twilio: TwilioConfiguration(baseURL: base, accountSid: c.twilioAccountSid, credentials: .authToken(twilioToken ?? c.twilioAuthToken)),
            elevenLabs: ElevenLabsConfiguration(baseURL: base, apiKey: elevenLabsKey ?? c.elevenLabsAPIKey),
            bland: BlandConfiguration(baseURL: base, apiKey: blandKey ?? c.blandAPIKey),
            http: h.http)
    }

    private func read(_ audio: RecordingAudio) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in audio.body { bytes += chunk }
        return bytes
    }

    /// Every secret the simulator's accounts have: none may appear in an error or in the request log.
    private func secrets(_ h: ProviderHarness) -> [String] {
        let c = h.configuration
        return [c.twilioAuthToken, c.elevenLabsAPIKey, c.blandAPIKey, "wrong-token-0123456789abcdef", "wrong-xi-key-0123456789"]
    }

    private func expectNoSecrets(_ text: String, _ h: ProviderHarness, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets(h) { #expect(!text.contains(secret), "a secret in: \(text)", sourceLocation: sourceLocation) }
    }

    private func openError(_ operation: () async throws(RecordingAudioError) -> RecordingAudio) async -> RecordingAudioError? {
        do {
            let audio = try await operation()
            audio.body.cancel()
            Issue.record("expected a RecordingAudioError")
            return nil
        } catch {
            return error
        }
    }

    private func endedTwilioCall(_ h: ProviderHarness, to: String = "+14155550100") async throws -> SimCallView {
        let placed = try await h.twilio().placeCall(providerRequest(to: to))
        h.clock?.advance(by: .seconds(900))
        return try #require(await h.sim.call(sid: placed.ids.callSid ?? ""))
    }

    // MARK: Each provider

    @Test func twilioServesTheRecordingAsMP3AndWAVWithTheAccountsBasicAuth() async throws {
        try await withProviderSim(manualClock: true, { $0.forcedOutcomes = ["+14155550100": .human] }) { h in
            let call = try await endedTwilioCall(h)
            let seconds = try #require(call.durationSeconds)
            let source = source(h)

            let mp3 = try await source.openAudio(.twilio(recordingSid: call.recordingSid), format: .mp3)
            let expectedMP3 = SimRecordingAudio.mp3(id: call.recordingSid, seconds: seconds)
            #expect(mp3.contentType == "audio/mpeg")
            #expect(mp3.contentLength == expectedMP3.count)
            #expect(try await read(mp3) == expectedMP3)

            let wav = try await source.openAudio(.twilio(recordingSid: call.recordingSid), format: .wav)
            let bytes = try await read(wav)
            #expect(wav.contentType == "audio/x-wav")
            #expect(bytes == SimRecordingAudio.wav(id: call.recordingSid, seconds: seconds))
            #expect(bytes.count > 100_000)
            #expect(Array(bytes.prefix(4)) == Array("RIFF".utf8) && Array(bytes[8..<16]) == Array("WAVEfmt ".utf8))

            let media = await h.sim.requestLog.all().filter { $0.path.contains("/Recordings/") }
            #expect(
                media.map(\.path) == [
                    "/2010-04-01/Accounts/\(h.configuration.twilioAccountSid)/Recordings/\(call.recordingSid).mp3",
                    "/2010-04-01/Accounts/\(h.configuration.twilioAccountSid)/Recordings/\(call.recordingSid).wav"
                ])
            #expect(media.allSatisfy { $0.credential == "basic user=\(h.configuration.twilioAccountSid)" })
        }
    }

    @Test func elevenLabsServesTheConversationAudioWithTheAPIKey() async throws {
        try await withProviderSim(manualClock: true, { $0.forcedOutcomes = ["+14155550100": .human] }) { h in
            let placed = try await h.elevenLabs().placeCall(providerRequest())
            h.clock?.advance(by: .seconds(900))
            let conversationId = try #require(placed.ids.conversationId)
            let seconds = try #require(await h.sim.call(sid: placed.ids.callSid ?? "")?.durationSeconds)

            let audio = try await source(h).openAudio(.elevenLabs(conversationId: conversationId), format: .wav)
            let expected = SimRecordingAudio.mp3(id: conversationId, seconds: seconds)
            #expect(audio.contentType == "audio/mpeg")
            #expect(audio.contentLength == expected.count)
            #expect(try await read(audio) == expected)
            let record = try #require(await h.sim.requestLog.all().last)
            #expect(record.path == "/v1/convai/conversations/\(conversationId)/audio")
            #expect(record.credential == "xi-api-key header")
        }
    }

    @Test func blandServesTheRecordingAtTheURLItsWebhookGave() async throws {
        try await withProviderSim(manualClock: true, { $0.forcedOutcomes = ["+14155550100": .human] }) { h in
            let configuration = BlandConfiguration(
                baseURL: h.sim.baseURL, apiKey: h.configuration.blandAPIKey, defaultTask: "Confirm the appointment.", record: true)
            let placed = try await BlandCallProvider(configuration: configuration, http: h.http, limiter: h.limiter).placeCall(providerRequest())
            h.clock?.advance(by: .seconds(900))
            let callId = try #require(placed.ids.providerCallId)
            let seconds = try #require(await h.sim.calls().first?.durationSeconds)

            // As the webhook ingest stores it: under Bland's call_id, with the webhook's recording_url.
            let url = "\(h.sim.baseURL)/v1/recordings/\(callId).mp3"
            var call = Call(attemptId: "att-1", provider: .bland, attempt: 1, from: nil, to: "+14155550100", now: Date())
            call.callSid = callId
            let recording = Recording(recordingSid: callId, callSid: callId, url: url, duration: seconds, status: .completed, now: Date())
            let locator = try #require(RecordingLocator(recording: recording, call: call))
            #expect(locator == .bland(url: url))

            let audio = try await source(h).openAudio(locator, format: .mp3)
            #expect(try await read(audio) == SimRecordingAudio.mp3(id: callId, seconds: seconds))
            #expect(await h.sim.requestLog.all().last?.credential == "authorization header")
        }
    }

    // MARK: Refusals

    @Test func wrongCredentialsAreAProviderFailureThatNamesNoSecret() async throws {
        try await withProviderSim(manualClock: true, { $0.forcedOutcomes = ["+14155550100": .human] }) { h in
            let call = try await endedTwilioCall(h)
            let wrong = source(h, twilioToken: "wrong-token-0123456789abcdef", elevenLabsKey: "wrong-xi-key-0123456789")

            let twilio = await openError { () async throws(RecordingAudioError) in
                try await wrong.openAudio(.twilio(recordingSid: call.recordingSid), format: .mp3)
            }
            guard case .providerFailed(let message)? = twilio else {
                Issue.record("expected providerFailed, got \(String(describing: twilio))")
                return
            }
            #expect(twilio?.httpStatus == 502)
            #expect(message.contains("HTTP 401") && message.contains("20003"))
            expectNoSecrets(String(describing: twilio), h)

            let elevenLabs = await openError { () async throws(RecordingAudioError) in
                try await wrong.openAudio(.elevenLabs(conversationId: "conv_0123"), format: .mp3)
            }
            #expect(elevenLabs?.httpStatus == 502)
            #expect(elevenLabs?.message.contains("invalid_api_key") == true)
            expectNoSecrets(String(describing: elevenLabs), h)

            // The simulator's request log, the one log these requests reach, records no credential either.
            let log = try JSONEncoder().encode(await h.sim.requestLog.all())
            expectNoSecrets(String(decoding: log, as: UTF8.self), h)
        }
    }

    @Test func aMissingRecordingIsNotFound() async throws {
        try await withProviderSim(manualClock: true, { $0.forcedOutcomes = ["+14155550100": .human, "+14155550101": .busy] }) { h in
            let source = source(h)
            let unknownSid = "RE" + String(repeating: "0", count: 32)
            let unknown = await openError { () async throws(RecordingAudioError) in
                try await source.openAudio(.twilio(recordingSid: unknownSid), format: .mp3)
            }
            #expect(unknown?.httpStatus == 404)
            #expect(unknown?.message.contains("20404") == true)

            // A call that was never answered has a Recording SID but no recording.
            let busy = try await endedTwilioCall(h, to: "+14155550101")
            let unanswered = await openError { () async throws(RecordingAudioError) in
                try await source.openAudio(.twilio(recordingSid: busy.recordingSid), format: .wav)
            }
            #expect(unanswered == .notFound("Twilio recording \(busy.recordingSid): the provider has no such recording (HTTP 404, code 20404)"))

            let conversation = await openError { () async throws(RecordingAudioError) in
                try await source.openAudio(.elevenLabs(conversationId: "conv_missing"), format: .mp3)
            }
            #expect(conversation?.httpStatus == 404)
            #expect(conversation?.message.contains("conversation_not_found") == true)

            let notASid = await openError { () async throws(RecordingAudioError) in
                try await source.openAudio(.twilio(recordingSid: "../Calls"), format: .mp3)
            }
            #expect(notASid?.httpStatus == 404)
        }
    }

    @Test func anUnreachableProviderIsABadGatewayThatNamesNoSecret() async throws {
        try await withProviderSim { h in
            let port = try closedLoopbackPort()
            let source = source(h, baseURL: "http://127.0.0.1:\(port)")
            for locator in [RecordingLocator.twilio(recordingSid: "RE" + String(repeating: "a", count: 32)), .elevenLabs(conversationId: "conv_1")] {
                let error = await openError { () async throws(RecordingAudioError) in try await source.openAudio(locator, format: .mp3) }
                guard case .providerUnreachable? = error else {
                    Issue.record("expected providerUnreachable, got \(String(describing: error))")
                    continue
                }
                #expect(error?.httpStatus == 502)
                expectNoSecrets(String(describing: error), h)
            }
        }
    }

    @Test func aProviderThatIsNotConfiguredIsSaidSo() async throws {
        try await withProviderSim { h in
            let source = ProviderRecordingAudioSource(twilio: nil, elevenLabs: nil, bland: nil, http: h.http)
            let error = await openError { () async throws(RecordingAudioError) in
                try await source.openAudio(.elevenLabs(conversationId: "conv_1"), format: .mp3)
            }
            guard case .providerNotConfigured? = error else {
                Issue.record("expected providerNotConfigured, got \(String(describing: error))")
                return
            }
        }
    }

    // MARK: Where the audio is

    @Test func theLocatorFollowsTheRecordingSidThenTheCallsProvider() {
        let now = Date()
        let twilioSid = "RE" + String(repeating: "ab", count: 16)
        func call(_ provider: ProviderKind) -> Call {
            var call = Call(attemptId: "a", provider: provider, attempt: 1, from: nil, to: "+14155550100", now: now)
            call.conversationId = provider == .elevenLabs ? "conv_9" : nil
            return call
        }
        func recording(_ sid: String, url: String? = nil) -> Recording {
            Recording(recordingSid: sid, callSid: "CA1", url: url, duration: 3, status: .completed, now: now)
        }
        #expect(RecordingLocator(recording: recording(twilioSid), call: nil) == .twilio(recordingSid: twilioSid))
        // ElevenLabs' integration records on our Twilio account: a Twilio SID still means Twilio.
        #expect(RecordingLocator(recording: recording(twilioSid), call: call(.elevenLabs)) == .twilio(recordingSid: twilioSid))
        #expect(RecordingLocator(recording: recording("conv_9"), call: call(.elevenLabs)) == .elevenLabs(conversationId: "conv_9"))
        #expect(
            RecordingLocator(recording: recording("b-1", url: "https://r.example/b-1.mp3"), call: call(.bland))
                == .bland(url: "https://r.example/b-1.mp3"))
        #expect(RecordingLocator(recording: recording("b-1"), call: call(.bland)) == nil)
        #expect(RecordingLocator(recording: recording("b-1", url: "https://r.example/b-1.mp3"), call: nil) == nil)

        var twilioCall = call(.twilio)
        twilioCall.recordingUrl = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/\(twilioSid)"
        #expect(RecordingLocator(call: twilioCall) == .twilio(recordingSid: twilioSid))
        #expect(RecordingLocator(call: call(.twilio)) == nil)
        #expect(RecordingLocator(call: call(.elevenLabs)) == .elevenLabs(conversationId: "conv_9"))
        #expect(!RecordingLocator.isTwilioRecordingSid("RE" + String(repeating: "g", count: 32)))
    }

    @Test func aBlandRecordingOffBlandsAPIGetsNoKeyAndMustBeHTTPS() async throws {
        try await withProviderSim { h in
            let source = source(h)
            let plain = await openError { () async throws(RecordingAudioError) in
                try await source.openAudio(.bland(url: "http://169.254.169.254/latest/meta-data"), format: .mp3)
            }
            #expect(plain?.httpStatus == 404)
            let notAURL = await openError { () async throws(RecordingAudioError) in
                try await source.openAudio(.bland(url: "file:///etc/passwd"), format: .mp3)
            }
            #expect(notAURL?.httpStatus == 404)
            #expect(await h.sim.requestLog.all().isEmpty)
        }
    }
}

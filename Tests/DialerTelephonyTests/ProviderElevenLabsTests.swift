import DialerCore
import DialerSim
import DialerTelephony
import Foundation
import Testing

@Suite struct ProviderElevenLabsTests {
    @Test func placesAnOutboundCallWithTheAttemptInDynamicVariables() async throws {
        try await withProviderSim { h in
            let placed = try await h.elevenLabs().placeCall(providerRequest(attempt: "att-el"))
            #expect(placed.ids.conversationId?.hasPrefix("conv_") == true)
            #expect(placed.ids.callSid?.hasPrefix("CA") == true)
            #expect(await h.limiter.acquired == 1)

            let record = try #require(await h.sim.requestLog.all().first)
            #expect(record.path == "/v1/convai/twilio/outbound-call")
            #expect(record.credential == "xi-api-key header")
            guard case .object(let body)? = record.json,
                case .object(let clientData)? = body["conversation_initiation_client_data"],
                case .object(let variables)? = clientData["dynamic_variables"]
            else {
                Issue.record("no dynamic variables in \(String(describing: record.json))")
                return
            }
            #expect(body["agent_id"] == .string("agent_sim"))
            #expect(body["agent_phone_number_id"] == .string("phnum_sim"))
            #expect(body["to_number"] == .string("+14155550100"))
            #expect(variables["attempt_id"] == .string("att-el"))
            #expect(variables["contact_name"] == .string("Ada Lovelace"))
            #expect(variables["plan"] == .string("gold"))
            #expect(variables["visits"] == .int(3))
            #expect(variables["tags"] == .string("[\"vip\"]"), "nested values travel as JSON text")
        }
    }

    @Test func badKeyIsAnAccountError() async throws {
        try await withProviderSim { h in
            let error = await expectProviderError { try await h.elevenLabs(apiKey: "nope-key").placeCall(providerRequest()) }
            #expect(error == .accountLevel(scope: .account, code: "invalid_api_key", message: "Invalid API key"))
        }
    }

    @Test func rejectedNumberIsPermanent() async throws {
        try await withProviderSim { h in
            let error = await expectProviderError { try await h.elevenLabs().placeCall(providerRequest(to: "+15005550001")) }
            #expect(error?.code == "elevenlabs-call-rejected")
            #expect(error?.message.contains("Invalid 'To' Phone Number") == true)
        }
    }

    @Test func rateLimitIsRetryableAndServerErrorsAndTimeoutsAreOutcomeUnknown() async throws {
        try await withProviderSim { h in
            h.sim.addFault(
                SimFault(route: .elevenLabs, action: .respond(status: 429, code: nil, message: "too_many_concurrent_requests", retryAfterSeconds: 3)))
            let limited = await expectProviderError { try await h.elevenLabs().placeCall(providerRequest()) }
            #expect(limited?.isRetryable == true)
            #expect(limited?.retryAfter == .seconds(3))

            h.sim.addFault(SimFault(route: .elevenLabs, action: .respond(status: 500, code: nil, message: "internal", retryAfterSeconds: nil)))
            let serverError = await expectProviderError { try await h.elevenLabs().placeCall(providerRequest()) }
            // ElevenLabs creates the Twilio call before it answers: a 500 may follow a dialed call.
            #expect(serverError?.isOutcomeUnknown == true)

            h.sim.addFault(SimFault(route: .elevenLabs, action: .delayResponse(.seconds(10))))
            let unknown = await expectProviderError { try await h.elevenLabs(requestTimeout: .milliseconds(1500)).placeCall(providerRequest()) }
            #expect(unknown?.isOutcomeUnknown == true)
        }
    }

    @Test func fetchesTheConversationOnceTheCallIsDone() async throws {
        try await withProviderSim(manualClock: true, { $0.forcedOutcomes = ["+14155550100": .human] }) { h in
            let provider = h.elevenLabs()
            let placed = try await provider.placeCall(providerRequest(attempt: "att-done"))
            let early = try #require(try await provider.fetchCall(placed.ids))
            #expect(early.status == .initiated)
            #expect(early.attemptId == "att-done")

            h.clock?.advance(by: .seconds(600))
            let done = try #require(try await provider.fetchCall(placed.ids))
            #expect(done.status == .completed)
            #expect(done.ids.callSid == placed.ids.callSid)
            #expect((done.duration ?? 0) >= 20)
            #expect(done.to == "+14155550100")
            #expect(try await provider.fetchCall(ProviderCallIds(conversationId: "conv_missing")) == nil)
        }
    }

    @Test func twilioFallbackTellsBusyFromFailed() async throws {
        try await withProviderSim(manualClock: true, { $0.forcedOutcomes = ["+14155550100": .busy] }) { h in
            let placed = try await h.elevenLabs().placeCall(providerRequest())
            h.clock?.advance(by: .seconds(60))
            #expect(try await h.elevenLabs().fetchCall(placed.ids)?.status == .failed)
            #expect(try await h.elevenLabs(withTwilio: true).fetchCall(placed.ids)?.status == .busy)
        }
    }

    @Test func findsConversationsByNumber() async throws {
        try await withProviderSim(manualClock: true) { h in
            let provider = h.elevenLabs()
            let start = h.wallEpoch.addingTimeInterval(-5)
            let wanted = try await provider.placeCall(providerRequest(attempt: "want", to: "+14155550142"))
            _ = try await provider.placeCall(providerRequest(attempt: "other", to: "+14155550143"))
            let found = try await provider.findCalls(CallSearch(to: "+14155550142", startedAfter: start))
            #expect(found.map(\.ids.conversationId) == [wanted.ids.conversationId])
            #expect(found.first?.attemptId == "want")
        }
    }

    // MARK: Hang-up, as dialerd wires the routes

    private func wired(_ h: ProviderHarness, twilioAccount: Bool) throws -> any CallProvider {
        let twilio = TwilioConfiguration(
            baseURL: h.sim.baseURL, accountSid: h.configuration.twilioAccountSid,
            credentials: .authToken(h.configuration.twilioAuthToken))
        let elevenLabs = ElevenLabsConfiguration(
            baseURL: h.sim.baseURL, apiKey: h.configuration.elevenLabsAPIKey,
            defaultAgentId: "agent_sim", defaultAgentPhoneNumberId: "phnum_sim")
        let providers = ProviderWiring.providers(
            twilio: twilioAccount ? twilio : nil, elevenLabs: elevenLabs, bland: nil,
            http: h.http, limiter: h.limiter)
        return try #require(providers.first { $0.kind == .elevenLabs })
    }

    @Test func aLiveElevenLabsCallIsHungUpThroughTheTwilioAccountItWasPlacedOn() async throws {
        try await withProviderSim(manualClock: true) { h in
            let provider = try wired(h, twilioAccount: true)
            let placed = try await provider.placeCall(providerRequest())
            let callSid = try #require(placed.ids.callSid)
            #expect(try await h.twilio().fetchCall(ProviderCallIds(callSid: callSid))?.status.isTerminal == false, "the call is live")
            try await provider.endCall(placed.ids, mode: .hangUp)
            let hangUps = await h.sim.requestLog.all().filter { $0.method == "POST" && $0.path.hasSuffix("/Calls/\(callSid).json") }
            #expect(hangUps.map { $0.formValues("Status") } == [["completed"]])
            #expect(try await h.twilio().fetchCall(ProviderCallIds(callSid: callSid))?.status.isTerminal == true, "the call has ended")
        }
    }

    @Test func withoutATwilioAccountHangingUpAnElevenLabsCallSaysWhatIsMissing() async throws {
        try await withProviderSim(manualClock: true) { h in
            let provider = try wired(h, twilioAccount: false)
            let placed = try await provider.placeCall(providerRequest())
            let error = await expectProviderError { try await provider.endCall(placed.ids, mode: .hangUp) }
            guard case .permanent(let code, let message)? = error else {
                Issue.record("\(String(describing: error))")
                return
            }
            #expect(code == "no-twilio-account")
            #expect(message.contains("twilioAccountSid"), "\(message)")
        }
    }
}

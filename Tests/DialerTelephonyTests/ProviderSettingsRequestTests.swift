import DialerCore
import DialerHTTP
import DialerSim
import DialerTelephony
import Foundation
import Testing

/// Each per-campaign provider setting reaches the provider's request, read back from dialer-sim's
/// request log and checked against the provider's published description.
@Suite struct ProviderSettingsRequestTests {
    private func request(_ attempt: String, name: String = "Ada Lovelace") -> PlaceCallRequest {
        var request = providerRequest(attempt: attempt)
        request.contactName = name
        request.contactEmail = "ada@example.com"
        return request
    }

    private func record(_ h: ProviderHarness, _ index: Int) async throws -> SimRequestRecord {
        let all = await h.sim.requestLog.all()
        return try #require(index < all.count ? all[index] : nil)
    }

    @Test func everyTwilioSettingReachesCreateCall() async throws {
        let spec = try TwilioSpec.shared.get()
        try await withProviderSim(manualClock: true) { h in
            let twilio = h.twilio()
            var byURL = request("tw-url")
            byURL.twilio = TwilioCampaignSettings(
                url: "https://agent.example.com/twiml?tenant=7", record: true, machineDetection: .detectMessageEnd,
                machineDetectionTimeout: 12, ringTimeout: 25, timeLimit: 900)
            var byTemplate = request("tw-twiml", name: #"Ada <&> "Lovelace""#)
            byTemplate.twilio = TwilioCampaignSettings(
                twiml: #"<Response><Connect><Stream url="wss://agent.example.com/s"><Parameter name="who" value="{{contact_name}}"/>"#
                    + #"<Parameter name="plan" value="{{plan}}"/></Stream></Connect></Response>"#,
                record: false, machineDetection: .off)
            let fallback = request("tw-say")
            for call in [byURL, byTemplate, fallback] { _ = try await twilio.placeCall(call) }

            let url = try await record(h, 0)
            let sentURL = try #require(url.formValues("Url").first)
            let (base, query) = try #require(sentURL.split(separator: "?", maxSplits: 1).map(String.init).splitPair)
            #expect(base == "https://agent.example.com/twiml")
            let parameters = Dictionary(FormURLEncoding.decode(query), uniquingKeysWith: { first, _ in first })
            var expected = CallVariables.text(for: byURL)
            expected["tenant"] = "7"
            #expect(parameters == expected)
            #expect(parameters["contact_name"] == "Ada Lovelace" && parameters["phone_number"] == "+14155550100")
            #expect(parameters["tags"] == #"["vip"]"#, "a nested custom field travels as JSON text")
            #expect(url.formValues("Twiml").isEmpty)
            #expect(url.formValues("Record") == ["true"])
            #expect(url.formValues("RecordingStatusCallback") == [byURL.callbacks.twilioRecording(attemptId: "tw-url")])
            #expect(url.formValues("MachineDetection") == ["DetectMessageEnd"])
            #expect(url.formValues("MachineDetectionTimeout") == ["12"])
            #expect(url.formValues("Timeout") == ["25"])
            #expect(url.formValues("TimeLimit") == ["900"])

            let template = try await record(h, 1)
            #expect(
                template.formValues("Twiml") == [
                    #"<Response><Connect><Stream url="wss://agent.example.com/s"><Parameter name="who" value="Ada &lt;&amp;&gt; &quot;Lovelace&quot;"/>"#
                        + #"<Parameter name="plan" value="gold"/></Stream></Connect></Response>"#
                ])
            #expect(template.formValues("MachineDetection").isEmpty && template.formValues("MachineDetectionTimeout").isEmpty)
            #expect(template.formValues("Record").isEmpty, "the campaign's record: false wins over the configuration's true")
            #expect(template.formValues("Timeout") == ["30"] && template.formValues("TimeLimit") == ["600"], "defaults stay")

            let say = try await record(h, 2)
            #expect(say.formValues("Twiml") == ["<Response><Say>Hello Ada</Say></Response>"], "<Say> only when nothing is set")
            #expect(say.formValues("MachineDetection") == ["Enable"])

            for logged in await h.sim.requestLog.all() {
                let operation = try #require(spec.operation(method: logged.method, path: logged.path))
                #expect(spec.violations(of: logged, against: operation).isEmpty, "\(spec.violations(of: logged, against: operation))")
            }
        }
    }

    @Test func dialerSimRefusesTwilioValuesOutsideTheSpec() async throws {
        try await withProviderSim(manualClock: true) { h in
            var tooShort = request("tw-bad")
            // Validation refuses this before a campaign dials; here it proves the simulator checks too.
            tooShort.twilio = TwilioCampaignSettings(machineDetectionTimeout: 2)
            let error = await expectProviderError { try await h.twilio().placeCall(tooShort) }
            guard case .permanent(_, let message)? = error else {
                Issue.record("expected permanent, got \(String(describing: error))")
                return
            }
            #expect(message.contains("MachineDetectionTimeout"))
        }
    }

    /// One call with the campaign's ElevenLabs overrides and one without any.
    private func placeOverriddenAndPlain(_ h: ProviderHarness) async throws -> PlaceCallRequest {
        let eleven = h.elevenLabs()
        var overridden = request("el-1")
        overridden.prompt = "top-level prompt"
        overridden.elevenLabs = ElevenLabsCampaignSettings(firstMessage: "Hi {{contact_name}}", prompt: "You call about the {{plan}} plan.")
        var plain = request("el-2")
        plain.firstMessage = nil
        _ = try await eleven.placeCall(overridden)
        _ = try await eleven.placeCall(plain)
        return overridden
    }

    // ElevenLabs' OpenAPI description is read from the shared specs folder, not kept in the
    // repository (its licence is not stated); where it is absent only the spec checks are off.
    @Test(.enabled(if: ElevenLabsSpec.isAvailable, "elevenlabs_openapi.json is not in DIALER_SPECS_DIR, specs/ or /work/shared/specs"))
    func elevenLabsOutboundCallsConformToTheSpec() async throws {
        let spec = try ElevenLabsSpec.shared.get()
        let schema = try #require(spec.requestSchema(path: "/v1/convai/twilio/outbound-call", method: "post"))
        try await withProviderSim(manualClock: true) { h in
            _ = try await placeOverriddenAndPlain(h)
            for index in 0..<2 {
                let problems = spec.violations(of: try #require(try await record(h, index).json), against: schema)
                #expect(problems.isEmpty, "\(problems)")
            }
        }
    }

    @Test func elevenLabsOverridesAndEveryContactFieldReachTheOutboundCall() async throws {
        try await withProviderSim(manualClock: true) { h in
            let overridden = try await placeOverriddenAndPlain(h)
            let first = try await record(h, 0)
            guard case .object(let body)? = first.json, case .object(let data)? = body["conversation_initiation_client_data"],
                case .object(let override)? = data["conversation_config_override"], case .object(let agent)? = override["agent"],
                case .object(let variables)? = data["dynamic_variables"]
            else {
                Issue.record("unexpected body \(String(describing: first.json))")
                return
            }
            #expect(agent["first_message"] == .string("Hi {{contact_name}}"))
            #expect(agent["prompt"] == .object(["prompt": .string("You call about the {{plan}} plan.")]), "settings win over the top-level prompt")
            #expect(variables == CallVariables.values(for: overridden))
            #expect(variables["contact_email"] == .string("ada@example.com") && variables["visits"] == .int(3))
            #expect(variables["tags"] == .string(#"["vip"]"#) && variables["attempt_id"] == .string("el-1"))

            let second = try await record(h, 1)
            guard case .object(let plainBody)? = second.json, case .object(let plainData)? = plainBody["conversation_initiation_client_data"] else {
                Issue.record("unexpected body")
                return
            }
            #expect(plainData["conversation_config_override"] == nil, "no override is sent when none is set")
        }
    }

    @Test(.enabled(if: ElevenLabsSpec.isAvailable, "elevenlabs_openapi.json is not in DIALER_SPECS_DIR, specs/ or /work/shared/specs"))
    func theSchemaCheckCatchesWhatTheSpecForbids() throws {
        let spec = try ElevenLabsSpec.shared.get()
        let schema = try #require(spec.requestSchema(path: "/v1/convai/twilio/outbound-call", method: "post"))
        let bad: JSONValue = .object([
            "agent_id": .string("a"), "to_number": .int(5),
            "conversation_initiation_client_data": .object([
                "dynamic_variables": .object(["x": .array([])]),
                "conversation_config_override": .object(["agent": .object(["first_mesage": .string("typo")])])
            ])
        ])
        let problems = spec.violations(of: bad, against: schema)
        #expect(problems.contains { $0.contains("agent_phone_number_id is required") })
        #expect(problems.contains { $0.contains("to_number") })
        #expect(problems.contains { $0.contains("dynamic_variables.x") })
        #expect(problems.contains { $0.contains("first_mesage") })
        #expect(problems.count == 4, "\(problems)")
    }

    @Test func everyBlandSettingReachesSendCall() async throws {
        try await withProviderSim(manualClock: true) { h in
            let bland = h.bland()
            var byTask = request("bl-task")
            byTask.bland = BlandCampaignSettings(
                task: "Confirm {{plan}}.", voice: "maya", maxDuration: 12, record: true,
                voicemailAction: .leaveMessage, voicemailMessage: "Please call us back.")
            var byPathway = request("bl-path")
            byPathway.prompt = "ignored: the campaign names a pathway"
            byPathway.bland = BlandCampaignSettings(pathwayId: "a0f0d4ed-f5f5-4f16-b3f9-22166594d7a7", voicemailAction: .hangup)
            _ = try await bland.placeCall(byTask)
            _ = try await bland.placeCall(byPathway)

            guard case .object(let task)? = try await record(h, 0).json, case .object(let path)? = try await record(h, 1).json else {
                Issue.record("no JSON bodies")
                return
            }
            #expect(task["task"] == .string("Confirm {{plan}}.") && task["pathway_id"] == nil)
            #expect(task["voice"] == .string("maya"))
            #expect(task["max_duration"] == .int(12))
            #expect(task["record"] == .bool(true))
            #expect(task["voicemail_action"] == .string("leave_message"))
            #expect(task["voicemail_message"] == .string("Please call us back."))
            guard case .object(let data)? = task["request_data"] else {
                Issue.record("no request_data")
                return
            }
            #expect(data["plan"] == .string("gold") && data["contact_email"] == .string("ada@example.com"))
            #expect(path["pathway_id"] == .string("a0f0d4ed-f5f5-4f16-b3f9-22166594d7a7") && path["task"] == nil)
            #expect(path["voicemail_action"] == .string("hangup") && path["voicemail_message"] == nil)
            #expect(path["max_duration"] == .int(10) && path["record"] == .bool(false), "the configuration's defaults stay")
        }
    }

    @Test func dialerSimRefusesABlandVoicemailActionOutsideTheDocs() async throws {
        try await withProviderSim(manualClock: true) { h in
            var bad = request("bl-bad")
            bad.bland = BlandCampaignSettings(task: "T", voicemailAction: BlandVoicemailAction(raw: "voicemail"))
            let error = await expectProviderError { try await h.bland().placeCall(bad) }
            guard case .permanent(_, let message)? = error else {
                Issue.record("expected permanent, got \(String(describing: error))")
                return
            }
            #expect(message.contains("voicemail_action"))
        }
    }
}

extension Array where Element == String {
    fileprivate var splitPair: (String, String)? { count == 2 ? (self[0], self[1]) : nil }
}

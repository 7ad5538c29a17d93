import DialerCore
import Foundation
import Testing

@Suite("Per-campaign provider settings: validated with the field path and what is wrong")
struct ProviderSettingsTests {
    private func campaign(_ provider: ProviderKind?, _ settings: CampaignSettings) -> Campaign {
        var campaign = Campaign(name: "P", settings: settings, now: Date(timeIntervalSince1970: 0))
        campaign.provider = provider
        return campaign
    }

    @Test func aFullySetCampaignOfEachProviderIsValid() {
        let twilio = TwilioCampaignSettings(
            url: "https://agent.example.com/twiml?tenant=7", record: true, machineDetection: .detectMessageEnd,
            machineDetectionTimeout: 12, ringTimeout: 25, timeLimit: 900)
        #expect(campaign(.twilio, CampaignSettings(twilio: twilio)).validate().isEmpty)
        let template = TwilioCampaignSettings(twiml: "<Response><Connect><Stream url=\"wss://a.example.com/{{contact_id}}\"/></Connect></Response>")
        #expect(campaign(nil, CampaignSettings(twilio: template)).validate().isEmpty, "no provider means Twilio")
        let eleven = ElevenLabsCampaignSettings(firstMessage: "Hi {{contact_name}}", prompt: "You call about {{plan}}.")
        #expect(campaign(.elevenLabs, CampaignSettings(elevenLabs: eleven)).validate().isEmpty)
        let bland = BlandCampaignSettings(
            task: "Confirm.", voice: "maya", maxDuration: 12, record: true,
            voicemailAction: .leaveMessage, voicemailMessage: "Please call us back.")
        #expect(campaign(.bland, CampaignSettings(bland: bland)).validate().isEmpty)
    }

    @Test(arguments: [
        (TwilioCampaignSettings(url: "agent.example.com/twiml"), "settings.twilio.url", "absolute http or https URL"),
        (TwilioCampaignSettings(url: "ftp://agent.example.com/x"), "settings.twilio.url", "absolute http or https URL"),
        (TwilioCampaignSettings(url: "https://agent.example.com/x#top"), "settings.twilio.url", "fragment"),
        (TwilioCampaignSettings(url: "https://a.example.com", twiml: "<Response/>"), "settings.twilio.twiml", "not both"),
        (TwilioCampaignSettings(twiml: "<Say>Hi</Say>"), "settings.twilio.twiml", "TwiML document"),
        (TwilioCampaignSettings(twiml: "<Response><Say>{{name</Say></Response>"), "settings.twilio.twiml", "no closing"),
        (TwilioCampaignSettings(twiml: "<Response><Say>{{ first name }}</Say></Response>"), "settings.twilio.twiml", "not a variable name"),
        (
            TwilioCampaignSettings(twiml: "<Response><Say>" + String(repeating: "a", count: 4000) + "</Say></Response>"),
            "settings.twilio.twiml", "at most 4000"
        ),
        (
            TwilioCampaignSettings(machineDetection: TwilioMachineDetectionSetting(raw: "enable")), "settings.twilio.machineDetection",
            #"must be one of "Enable", "DetectMessageEnd", "off", got "enable""#
        ),
        (TwilioCampaignSettings(machineDetection: .off, machineDetectionTimeout: 10), "settings.twilio.machineDetectionTimeout", "no effect"),
        (TwilioCampaignSettings(machineDetectionTimeout: 2), "settings.twilio.machineDetectionTimeout", "between 3 and 59 seconds, got 2"),
        (TwilioCampaignSettings(ringTimeout: 601), "settings.twilio.ringTimeout", "between 5 and 600 seconds, got 601"),
        (TwilioCampaignSettings(timeLimit: 0), "settings.twilio.timeLimit", "between 1 and 86400 seconds, got 0")
    ])
    func eachBadTwilioSettingIsNamed(settings: TwilioCampaignSettings, path: String, words: String) {
        let issues = campaign(.twilio, CampaignSettings(twilio: settings)).validate()
        #expect(issues.count == 1, "\(issues)")
        #expect(issues.first?.path == path)
        #expect(issues.first?.rule.contains(words) == true, "\(issues)")
    }

    @Test(arguments: [
        (BlandCampaignSettings(task: "T", pathwayId: "p"), "settings.bland.pathwayId", "not both"),
        (BlandCampaignSettings(voice: " "), "settings.bland.voice", "must not be empty"),
        (BlandCampaignSettings(maxDuration: 0), "settings.bland.maxDuration", "between 1 and 240 minutes, got 0"),
        (
            BlandCampaignSettings(voicemailAction: BlandVoicemailAction(raw: "voicemail")), "settings.bland.voicemailAction",
            #"must be one of "hangup", "leave_message", "ignore", got "voicemail""#
        ),
        (BlandCampaignSettings(voicemailAction: .leaveMessage), "settings.bland.voicemailMessage", "required"),
        (BlandCampaignSettings(voicemailAction: .hangup, voicemailMessage: "Hi"), "settings.bland.voicemailMessage", "only used with")
    ])
    func eachBadBlandSettingIsNamed(settings: BlandCampaignSettings, path: String, words: String) {
        let issues = campaign(.bland, CampaignSettings(bland: settings)).validate()
        #expect(issues.count == 1, "\(issues)")
        #expect(issues.first?.path == path)
        #expect(issues.first?.rule.contains(words) == true, "\(issues)")
    }

    @Test func elevenLabsOverridesAreChecked() {
        let issues = campaign(.elevenLabs, CampaignSettings(elevenLabs: .init(firstMessage: "Hi {{", prompt: "  "))).validate()
        #expect(issues.map(\.path) == ["settings.elevenLabs.prompt", "settings.elevenLabs.firstMessage"])
        // An empty first message is ElevenLabs' way of letting the callee speak first.
        #expect(campaign(.elevenLabs, CampaignSettings(elevenLabs: .init(firstMessage: ""))).validate().isEmpty)
    }

    @Test func settingsForAnotherProviderAreRefusedNotIgnored() {
        let issues = campaign(.bland, CampaignSettings(twilio: .init(record: true), elevenLabs: .init(prompt: "P"))).validate()
        #expect(issues.map(\.path) == ["settings.twilio", "settings.elevenLabs"])
        #expect(issues.first?.rule == #"applies to provider "twilio", but this campaign's provider is "bland""#)
        #expect(campaign(nil, CampaignSettings(bland: .init(voice: "maya"))).validate().map(\.path) == ["settings.bland"])
    }

    @Test func aDocumentWithProviderSettingsRoundTripsThroughJSON() throws {
        let json = #"""
            {"name": "R", "provider": "twilio", "settings": {"callDelay": 1000,
              "twilio": {"url": "https://a.example.com/t", "record": true, "machineDetection": "DetectMessageEnd",
                         "machineDetectionTimeout": 20, "ringTimeout": 30, "timeLimit": 600}}}
            """#
        let decoded = try JSONDecoder().decode(Campaign.self, from: Data(json.utf8))
        #expect(
            decoded.settings.twilio
                == TwilioCampaignSettings(
                    url: "https://a.example.com/t", record: true, machineDetection: .detectMessageEnd,
                    machineDetectionTimeout: 20, ringTimeout: 30, timeLimit: 600))
        let again = try JSONDecoder().decode(Campaign.self, from: JSONEncoder().encode(decoded))
        #expect(again.settings == decoded.settings)
        #expect(!decoded.dialsTwilioWithoutAgent)
        #expect(Campaign(name: "S", now: Date()).dialsTwilioWithoutAgent, "no settings: the <Say> fallback")
    }

    @Test func templatesEscapeEachValueAndLeaveUnknownNamesEmpty() {
        let out = TemplateText.render(
            "<Say>Hi {{ contact_name }}, {{plan}}{{missing}}.</Say>",
            values: ["contact_name": #"Ada <&> "L" 'x'"#, "plan": "gold"], escape: TemplateText.xmlEscaped)
        #expect(out == "<Say>Hi Ada &lt;&amp;&gt; &quot;L&quot; &apos;x&apos;, gold.</Say>")
        #expect(TemplateText.problems(in: "{{a.b-c_d}} {{ plan }}").isEmpty)
        #expect(TemplateText.problems(in: "{{}}") == [#""{{}}" is not a variable name (letters, digits, _ . -)"#])
    }
}

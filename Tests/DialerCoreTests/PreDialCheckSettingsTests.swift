import DialerCore
import Foundation
import Testing

@Suite struct PreDialCheckSettingsTests {
    @Test func aSparseCheckReadsWithItsDefaults() throws {
        let json = #"{"preDialCheck": {"url": "https://crm.example.com/may-call"}}"#
        let settings = try JSONDecoder().decode(CampaignSettings.self, from: Data(json.utf8))
        let check = try #require(settings.preDialCheck)
        #expect(check.timeoutMs == 2_000 && check.preDialFailure == .skip)
        #expect(settings.validate().isEmpty)
        #expect(try JSONDecoder().decode(CampaignSettings.self, from: Data("{}".utf8)).preDialCheck == nil, "off unless set")
    }

    @Test func eachBadFieldIsNamedWithItsRule() throws {
        var settings = CampaignSettings()
        settings.preDialCheck = PreDialCheck(url: "crm.example.com/check", timeoutMs: 60_000, preDialFailure: .unknown("retry"))
        let issues = settings.validate()
        #expect(issues.map(\.path) == ["settings.preDialCheck.url", "settings.preDialCheck.timeoutMs", "settings.preDialCheck.preDialFailure"])
        #expect(issues[1].rule.contains("between 100 and 10000 milliseconds"))
        #expect(issues[2].rule.contains("\"skip\" or \"dial\""))
    }
}

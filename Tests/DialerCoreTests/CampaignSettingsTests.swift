import DialerCore
import Testing

@Suite struct CampaignSettingsTests {
    @Test func defaultsFollowTheSeedUnits() {
        let settings = CampaignSettings()
        #expect(settings.callDelay == 5_000)
        #expect(settings.maxConcurrentCalls == 5)
        #expect(settings.retryCount == 1)
        #expect(settings.retryDelay == 3_600_000)
        #expect(settings.validate().isEmpty)
    }

    @Test func validationNamesTheFieldPathAndRule() {
        let issues = CampaignSettings(callDelay: -1, maxConcurrentCalls: 1001, retryCount: -2, retryDelay: -5).validate()
        #expect(issues.map(\.path) == ["settings.callDelay", "settings.maxConcurrentCalls", "settings.retryCount", "settings.retryDelay"])
        #expect(issues[1].rule.contains("between 1 and 1000"))
        #expect(CampaignSettings(maxConcurrentCalls: 0).validate().map(\.path) == ["settings.maxConcurrentCalls"])
        #expect(CampaignSettings(maxConcurrentCalls: 1000).validate().isEmpty)
    }
}

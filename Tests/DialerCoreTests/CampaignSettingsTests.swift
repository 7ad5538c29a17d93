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

    /// Each setting is bounded: values that once passed (a backoff of 1e15 overflowed the date
    /// conversion and crashed the process on every restart) are refused, NaN included.
    @Test(arguments: [
        (CampaignSettings(retryBackoff: 1e15), "settings.retryBackoff"),
        (CampaignSettings(retryBackoff: .nan), "settings.retryBackoff"),
        (CampaignSettings(retryBackoff: .infinity), "settings.retryBackoff"),
        (CampaignSettings(retryJitter: .nan), "settings.retryJitter"),
        (CampaignSettings(retryDelay: Int.max), "settings.retryDelay"),
        (CampaignSettings(retryCount: 1_000_000), "settings.retryCount"),
        (CampaignSettings(callDelay: Int.max), "settings.callDelay"),
        (CampaignSettings(maxConcurrentCalls: 0), "settings.maxConcurrentCalls")
    ])
    func everySettingHasAnUpperAndLowerBound(settings: CampaignSettings, path: String) {
        let issues = settings.validate()
        #expect(issues.map(\.path) == [path])
        #expect(issues.first?.rule.contains("must be between") == true, "\(issues)")
    }

    @Test func theBoundsThemselvesAreAllowed() {
        let lowest = CampaignSettings(callDelay: 0, maxConcurrentCalls: 1, retryCount: 0, retryDelay: 0, retryBackoff: 1, retryJitter: 0)
        let highest = CampaignSettings(
            callDelay: 3_600_000, maxConcurrentCalls: 1000, retryCount: 20, retryDelay: 2_592_000_000,
            retryBackoff: 10, retryJitter: 1)
        #expect(lowest.validate().isEmpty)
        #expect(highest.validate().isEmpty)
    }

    @Test func aWebhookURLMustBeAnAbsoluteHTTPURLWithoutCredentials() {
        #expect(CampaignSettings(webhookUrl: "https://crm.example.com/hooks/dialer?team=7").validate().isEmpty)
        let cases = [
            ("crm.example.com/hooks", "must be an absolute http or https URL"),
            ("ftp://crm.example.com/hooks", "must be an absolute http or https URL"),
            ("https://user:pw@crm.example.com/", "must not carry a user name or password"),
            ("https://crm.example.com/" + String(repeating: "a", count: 2048), "must be at most 2048 characters")
        ]
        for (url, rule) in cases {
            let issues = CampaignSettings(webhookUrl: url).validate()
            #expect(issues.map(\.path) == ["settings.webhookUrl"], "\(url)")
            #expect(issues.first?.rule.hasPrefix(rule) == true, "\(issues)")
        }
    }
}

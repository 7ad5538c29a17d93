import Testing
import dialerd

@Suite("Configuration: outbound event webhooks")
struct EventWebhookConfigurationTests {
    private func validate(_ extra: [String: String]) -> Result<ServeConfiguration, ConfigurationProblems> {
        let flags = ["publicUrl": "http://127.0.0.1:8080", "blandApiKey": "bl-key"].merging(extra) { $1 }
        return ServeConfiguration.validate(ServeConfiguration.merge(file: [:], environment: [:], flags: flags), hostName: "h", pid: 1)
    }

    private func problems(_ extra: [String: String]) -> [String] {
        guard case .failure(let failure) = validate(extra) else { return [] }
        return failure.problems.map(\.description)
    }

    @Test func offUnlessASecretIsSet() throws {
        #expect(try validate([:]).get().eventWebhooks == nil)
    }

    @Test func aURLWithASecretTurnsThemOnAndTheSecretIsHidden() throws {
        let secret = "evt-SECRET-0123456789"
        let config = try validate(["eventWebhookUrl": "https://hooks.example.com/dialer", "eventWebhookSecret": secret]).get()
        #expect(config.eventWebhooks?.url == "https://hooks.example.com/dialer")
        #expect(config.eventWebhooks?.requestTimeout == .seconds(10))
        #expect(config.secretValues.contains(secret))
        #expect(!config.description.contains("SECRET") && config.description.contains("eventWebhooks: on"))
    }

    @Test func aSecretAloneServesCampaignsWithTheirOwnURL() throws {
        let config = try validate(["eventWebhookSecret": "evt-0123456789abcdef"]).get()
        #expect(config.eventWebhooks?.url == nil && config.description.contains("eventWebhooks: per campaign"))
    }

    @Test func badSettingsAreNamed() {
        #expect(
            problems(["eventWebhookUrl": "https://hooks.example.com/x"]) == [
                "--event-webhook-secret / DIALER_EVENT_WEBHOOK_SECRET: is required with eventWebhookUrl: event webhooks are always signed"
            ])
        #expect(
            problems(["eventWebhookSecret": "short"]) == [
                "--event-webhook-secret / DIALER_EVENT_WEBHOOK_SECRET: must be at least 16 characters, got 5"
            ])
        #expect(problems(["eventWebhookSecret": "evt-0123456789abcdef", "eventWebhookUrl": "ftp://x"]).first?.contains("http or https") == true)
        #expect(
            problems(["eventWebhookSecret": "evt-0123456789abcdef", "eventWebhookTimeoutSeconds": "0"]) == [
                "--event-webhook-timeout-seconds / DIALER_EVENT_WEBHOOK_TIMEOUT_SECONDS: must be a whole number from 1 to 60, got \"0\""
            ])
    }
}

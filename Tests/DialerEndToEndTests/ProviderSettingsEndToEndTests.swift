import DialerCore
import DialerSim
import DialerStore
import DialerTestSupport
import Foundation
import Testing

/// A campaign's `settings.twilio` travels from its document through a real dialerd to the
/// create-call requests dialer-sim receives; a Twilio campaign without an agent is warned about.
@Suite("End to end: per-campaign Twilio settings", .serialized)
struct ProviderSettingsEndToEndTests {
    @Test func aCampaignsTwilioSettingsReachEveryCreateCallAndASayOnlyCampaignIsWarnedAbout() async throws {
        let twilio = TwilioCampaignSettings(
            twiml: "<Response><Say>Hello {{contact_name}} &amp; {{missing}}goodbye</Say></Response>", record: true,
            machineDetection: .detectMessageEnd, machineDetectionTimeout: 8, ringTimeout: 20, timeLimit: 60)
        let run = try await CampaignRun(
            contacts: 4,
            settings: CampaignSettings(
                callDelay: 40, maxConcurrentCalls: 4, retryCount: 0,
                twilio: twilio))
        var sayOnly = Campaign(name: "Say only", status: .active, now: Date())
        sayOnly.callerId = "+14155550001"
        let sayOnlyId = try await run.store.insertCampaign(sayOnly)

        let dialerd = try run.startDialerd(port: try freeLoopbackPort(), instanceId: "e2e-settings")
        let warning = try await dialerd.waitForLine(containing: "no settings.twilio.url or twiml")
        #expect(warning.contains(sayOnlyId.hex))
        try await run.waitForStatus(.completed, timeout: 120)
        let warnings = dialerd.log.split(separator: "\n").filter { $0.contains("no settings.twilio.url or twiml") }
        #expect(warnings.count == 1 && !warnings.contains { $0.contains(run.campaignId.hex) }, "\(warnings)")

        let creates = try run.simRequests().filter { $0.method == "POST" && $0.path.hasSuffix("/Calls.json") }
        #expect(creates.count == 4)
        let contacts = try await run.store.listContacts(ContactFilter(campaignId: run.campaignId), campaign: nil, page: PageRequest(limit: 10))
        let expected = Set(contacts.items.map { "<Response><Say>Hello \($0.name ?? "") &amp; goodbye</Say></Response>" })
        #expect(Set(creates.flatMap { $0.formValues("Twiml") }) == expected)
        for create in creates {
            #expect(create.formValues("Record") == ["true"])
            #expect(create.formValues("RecordingStatusCallback").first?.contains("/webhooks/twilio/recording") == true)
            #expect(create.formValues("MachineDetection") == ["DetectMessageEnd"])
            #expect(create.formValues("MachineDetectionTimeout") == ["8"])
            #expect(create.formValues("Timeout") == ["20"])
            #expect(create.formValues("TimeLimit") == ["60"])
        }
        dialerd.signal(SIGTERM)
        #expect(try await dialerd.waitForExit() == 0)
        run.sim.signal(SIGTERM)
    }
}

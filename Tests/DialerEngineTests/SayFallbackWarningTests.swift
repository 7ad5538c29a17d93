import DialerCore
import DialerEngine
import DialerStore
import Foundation
import Logging
import Synchronization
import Testing

/// `dialerd serve` warns, at start, about each active Twilio campaign that connects no agent.
@Suite struct SayFallbackWarningTests {
    final class Lines: Sendable {
        let lines = Mutex<[(Logger.Level, String, Logger.Metadata)]>([])
    }

    struct Capture: LogHandler {
        let sink: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            sink.lines.withLock { $0.append((event.level, "\(event.message)", event.metadata ?? [:])) }
        }
    }

    @Test func eachActiveTwilioCampaignWithoutUrlOrTwimlIsNamedAndNoOther() async throws {
        let store = InMemoryStore()
        let now = Date()
        func add(
            _ name: String, _ status: CampaignStatus, _ provider: ProviderKind?,
            _ settings: CampaignSettings = .init()
        ) async throws -> ObjectId {
            var campaign = Campaign(name: name, status: status, settings: settings, now: now)
            campaign.provider = provider
            return try await store.insertCampaign(campaign)
        }
        let sayOnly = try await add("say only", .active, .twilio)
        let noProvider = try await add("no provider", .active, nil, CampaignSettings(twilio: .init(record: true)))
        _ = try await add("agent url", .active, .twilio, CampaignSettings(twilio: .init(url: "https://a.example.com/t")))
        _ = try await add("template", .active, nil, CampaignSettings(twilio: .init(twiml: "<Response><Pause/></Response>")))
        _ = try await add("paused", .paused, .twilio)
        _ = try await add("bland", .active, .bland)

        let lines = Lines()
        let logger = Logger(label: "test") { _ in Capture(sink: lines) }
        let warned = await SayFallbackWarning.log(store, logger: logger)
        #expect(Set(warned.compactMap(\.id)) == [sayOnly, noProvider])
        let warnings = lines.lines.withLock { $0 }.filter { $0.0 == .warning }
        #expect(warnings.count == 2)
        #expect(warnings.allSatisfy { $0.1.contains("no settings.twilio.url or twiml") })
        #expect(Set(warnings.compactMap { $0.2["campaignId"].map { "\($0)" } }) == [sayOnly.hex, noProvider.hex])
    }
}

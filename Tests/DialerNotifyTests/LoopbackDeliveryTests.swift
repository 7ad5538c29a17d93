import DialerCore
import DialerCrypto
import DialerHTTP
import DialerNotify
import DialerSim
import DialerStore
import DialerTestSupport
import Foundation
import Testing

/// The deliverer as dialerd runs it: the queue in the test database, real HTTP over loopback
/// to a receiver that answers 500 before it accepts, the system clock.
@Suite("Event webhooks: delivery over loopback from the database queue")
struct LoopbackDeliveryTests {
    static let secret = "whsec-loopback-0123456789"

    @Test func retriedAfter500sDeliveredOnceEachSignedAndInOrder() async throws {
        let store = try await TestDatabase.freshStore()
        let receiver = WebhookRecorder()
        try await receiver.start()
        let http = try CurlHTTPClient()
        let clock = SystemWallClock()
        let backoff = DeliveryBackoff(first: .milliseconds(50), longest: .milliseconds(200), jitter: 0.5, giveUpAfter: .seconds(60))
        let deliverer = EventWebhookDeliverer(
            store: store, http: http, clock: clock,
            config: EventWebhookDeliveryConfiguration(secret: Self.secret, owner: "loopback", pollInterval: .seconds(5), backoff: backoff))
        let publisher = WebhookEventPublisher(
            store: store, defaultURL: receiver.baseURL + "/hooks/dialer", clock: clock, giveUpAfter: backoff.giveUpAfter
        ) { deliverer.nudge() }
        receiver.answerNext([500, 500])
        let running = Task { await deliverer.run() }
        var campaign = Campaign(name: "Loopback", status: .active, now: Date())
        campaign.id = try await store.insertCampaign(campaign)
        try await publisher.campaignCompleting(id: campaign.id!, stats: CampaignStats(totalContacts: 1))
        await receiver.waitForCount(3)
        for n in 0..<3 {
            try await publisher.campaignCompleting(id: campaign.id!, stats: CampaignStats(totalContacts: 1))
            var other = Campaign(name: "Loopback \(n)", status: .active, now: Date())
            other.id = try await store.insertCampaign(other)
            try await publisher.campaignCompleting(id: other.id!, stats: CampaignStats())
        }
        await receiver.waitForCount(6)
        running.cancel()
        await running.value
        await receiver.stop()
        await http.shutdown()

        let received = receiver.received
        let keys = received.map { $0.header("Idempotency-Key") ?? "" }
        let first = "campaign.completed:\(campaign.id!.hex)"
        #expect(keys.prefix(3).allSatisfy { $0 == first }, "the first event was sent until accepted: \(keys)")
        #expect(keys.count == 6 && Set(keys).count == 4, "each event accepted once, repeats of the first not queued: \(keys)")
        for request in received {
            let signature = try #require(request.header("Dialer-Signature"))
            #expect(request.path == "/hooks/dialer")
            #expect(
                TimestampedSignature.isValid(header: signature, body: request.body, secret: Self.secret, now: Int(Date().timeIntervalSince1970)),
                "signature verifies with the shared secret")
        }
        let stored = try #require(try await store.delivery(key: first))
        #expect(stored.state == .delivered && stored.attempts == 3 && stored.lastStatus == 200)
    }
}

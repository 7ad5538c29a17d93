import DialerCore
import DialerCrypto
import DialerHTTP
import DialerNotify
import DialerStore
import Foundation
import Testing

@Suite("Event webhooks: delivery from the queue")
struct DelivererTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static let secret = "whsec-0123456789abcdef"
    static let backoff = DeliveryBackoff(first: .seconds(10), longest: .seconds(3600), jitter: 0, giveUpAfter: .seconds(86_400))

    let store = InMemoryStore()
    let clock = ManualWallClock(start: DelivererTests.t0)

    func deliverer(_ http: ScriptedHTTPClient, owner: String = "a") -> EventWebhookDeliverer {
        EventWebhookDeliverer(
            store: store, http: http, clock: clock,
            config: EventWebhookDeliveryConfiguration(secret: Self.secret, owner: owner, backoff: Self.backoff), random: { 0 })
    }

    func enqueue(_ key: String, body: String = #"{"n":1}"#) async throws {
        let delivery = WebhookDelivery(
            key: key, event: "call.ended", url: "https://hooks.example.com/dialer", body: body, campaignId: nil, now: clock.now.date,
            giveUpAfter: Self.backoff.giveUpAfter)
        #expect(try await store.enqueueDelivery(delivery))
    }

    @Test func aDeliveryIsSignedCarriesItsKeyAndIsSentOnce() async throws {
        let http = ScriptedHTTPClient()
        try await enqueue("call.ended:1", body: #"{"id":"call.ended:1"}"#)
        _ = await deliverer(http).deliverDue()
        _ = await deliverer(http).deliverDue()
        let request = try #require(http.requests.first)
        #expect(http.requests.count == 1, "a delivered event is not sent again")
        #expect(request.method == "POST" && request.url == "https://hooks.example.com/dialer")
        #expect(request.header("Idempotency-Key") == "call.ended:1")
        #expect(request.header("Dialer-Event") == "call.ended")
        #expect(request.header("Content-Type") == "application/json")
        let signature = try #require(request.header("Dialer-Signature"))
        #expect(signature.hasPrefix("t=\(Int(Self.t0.timeIntervalSince1970)),v0="))
        let now = Int(Self.t0.timeIntervalSince1970)
        #expect(TimestampedSignature.isValid(header: signature, body: request.body ?? [], secret: Self.secret, now: now))
        #expect(!TimestampedSignature.isValid(header: signature, body: Array("{}".utf8), secret: Self.secret, now: now))
        #expect(!TimestampedSignature.isValid(header: signature, body: request.body ?? [], secret: "another-secret-000", now: now))
        let stored = try #require(try await store.delivery(key: "call.ended:1"))
        #expect(stored.state == .delivered && stored.lastStatus == 200 && stored.attempts == 1)
    }

    @Test func a500IsRetriedWithBackoffUntilItIsAccepted() async throws {
        let http = ScriptedHTTPClient([.success(500), .success(503), .failure(.connectFailed("refused"))])
        try await enqueue("call.ended:2")
        let d = deliverer(http)
        _ = await d.deliverDue()
        #expect(http.requests.count == 1)
        var stored = try #require(try await store.delivery(key: "call.ended:2"))
        #expect(stored.state == .pending && stored.lastStatus == 500 && stored.lastError == "answered 500")
        #expect(stored.nextAttemptAt == Self.t0.addingTimeInterval(10))
        clock.advance(by: .seconds(9))
        _ = await d.deliverDue()
        #expect(http.requests.count == 1, "not retried before its time")
        clock.advance(by: .seconds(1))
        _ = await d.deliverDue()
        #expect(http.requests.count == 2)
        stored = try #require(try await store.delivery(key: "call.ended:2"))
        #expect(stored.nextAttemptAt == clock.now.date.addingTimeInterval(20), "the wait doubles")
        clock.advance(by: .seconds(20))
        _ = await d.deliverDue()
        stored = try #require(try await store.delivery(key: "call.ended:2"))
        #expect(stored.lastStatus == nil && stored.lastError?.contains("refused") == true, "no answer is retried too")
        clock.advance(by: .seconds(40))
        _ = await d.deliverDue()
        stored = try #require(try await store.delivery(key: "call.ended:2"))
        #expect(stored.state == .delivered && stored.attempts == 4)
        #expect(Set(http.requests.map { $0.header("Idempotency-Key") }) == ["call.ended:2"], "every attempt carries the same key")
        #expect(Set(http.requests.map(\.bodyText)).count == 1, "every attempt sends the same body")
    }

    @Test func aDeliveryStillFailingAfterADayIsGivenUp() async throws {
        let http = ScriptedHTTPClient(Array(repeating: .success(500), count: 100))
        try await enqueue("call.ended:3")
        let d = deliverer(http)
        var rounds = 0
        while try await store.delivery(key: "call.ended:3")?.state == .pending, rounds < 100 {
            _ = await d.deliverDue()
            if let next = try await store.nextDeliveryDue() { clock.advance(to: max(next, clock.now.date)) }
            rounds += 1
        }
        let stored = try #require(try await store.delivery(key: "call.ended:3"))
        #expect(stored.state == .failed && stored.lastStatus == 500)
        #expect(clock.now.date <= Self.t0.addingTimeInterval(86_400), "no attempt after a day")
        #expect(clock.now.date > Self.t0.addingTimeInterval(86_400 - 3600 * 2), "attempts went on for most of the day")
        // 10 s doubling to one hour: 9 growing waits (about 1.4 h), then hourly for the rest of the day.
        #expect((28...33).contains(http.requests.count), "\(http.requests.count) attempts")
    }

    @Test func eventsGoOutInTheOrderTheyWereQueued() async throws {
        let http = ScriptedHTTPClient()
        for n in 0..<5 {
            try await enqueue("call.ended:\(n)")
            clock.advance(by: .milliseconds(5))
        }
        _ = await deliverer(http).deliverDue()
        #expect(http.requests.map { $0.header("Idempotency-Key") } == (0..<5).map { "call.ended:\($0)" })
    }

    /// An instance that dies mid-request leaves its claim; once its lease ends, another sends it,
    /// and the dead attempt's late result cannot overwrite the newer one.
    @Test func aClaimLeftByADeadInstanceIsTakenOverAfterItsLease() async throws {
        try await enqueue("call.ended:9")
        let lease = Date(timeIntervalSince1970: Self.t0.timeIntervalSince1970 + 60)
        let dead = try #require(try await store.claimDelivery(now: Self.t0, owner: "dead", leaseUntil: lease))
        let http = ScriptedHTTPClient()
        _ = await deliverer(http, owner: "b").deliverDue()
        #expect(http.requests.isEmpty, "not taken while the lease holds")
        clock.advance(to: lease)
        _ = await deliverer(http, owner: "b").deliverDue()
        #expect(http.requests.count == 1)
        let late = try await store.settleDelivery(
            key: "call.ended:9", claim: try #require(dead.claim), .retry(at: lease, status: 500, error: "late"), now: lease)
        #expect(!late)
        let stored = try #require(try await store.delivery(key: "call.ended:9"))
        #expect(stored.state == .delivered && stored.claimedBy == "b" && stored.attempts == 2)
    }
}

import DialerCore
import DialerCrypto
import DialerHTTP
import DialerStore
import Foundation
import Logging
import ServiceLifecycle

/// The header names of an event webhook request.
public enum EventWebhookHeaders {
    /// `t=<unix seconds>,v0=<hex HMAC-SHA256(secret, "<t>.<body>")>`: see `TimestampedSignature`.
    public static let signature = "Dialer-Signature"
    /// The event's key, the same on every attempt: `call.ended:<callId>`, `campaign.completed:<campaignId>`.
    public static let idempotencyKey = "Idempotency-Key"
    public static let event = "Dialer-Event"
}

public struct EventWebhookDeliveryConfiguration: Sendable, CustomStringConvertible {
    /// The signing secret; never logged.
    public var secret: String
    /// This instance's name on its claims.
    public var owner: String
    public var requestTimeout: Duration
    /// How often to look for deliveries other instances queued (their own are rung in at once).
    public var pollInterval: Duration
    public var backoff: DeliveryBackoff

    public init(
        secret: String, owner: String, requestTimeout: Duration = .seconds(15), pollInterval: Duration = .seconds(1),
        backoff: DeliveryBackoff = .standard
    ) {
        self.secret = secret
        self.owner = owner
        self.requestTimeout = requestTimeout
        self.pollInterval = pollInterval
        self.backoff = backoff
    }

    /// A claim outlives the longest attempt, so no other instance retries one still under way.
    var lease: Duration { requestTimeout * 2 + .seconds(30) }

    public var description: String { "owner=\(owner) requestTimeout=\(requestTimeout) secret=<set>" }
}

/// Sends the queued event webhooks: claims the delivery due first, POSTs its frozen body signed
/// with the secret and an `Idempotency-Key`, and records the result: a 2xx answer delivers it;
/// anything else, or no answer, is retried per `backoff` until a day after the event, then given up.
///
/// Guarantee: at least once per event, and one queued delivery per event. A crash mid-attempt
/// leaves the claim to expire, after which any instance tries again; the receiver may then see
/// the same `Idempotency-Key` twice, and should keep the first. Deliveries go out one at a time,
/// due first, so events reach a receiver in the order they happened unless one needed a retry.
public final class EventWebhookDeliverer: Service, Sendable {
    private let store: any EventOutbox
    private let http: any HTTPClient
    private let clock: any WallClock
    private let config: EventWebhookDeliveryConfiguration
    private let logger: Logger
    private let random: @Sendable () -> Double
    private let doorbell = Doorbell()

    public init(
        store: any EventOutbox, http: any HTTPClient, clock: any WallClock, config: EventWebhookDeliveryConfiguration,
        logger: Logger = Logger(label: "dialer.webhooks.outbound"), random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.store = store
        self.http = http
        self.clock = clock
        self.config = config
        self.logger = logger
        self.random = random
    }

    /// An event was queued: deliver it now rather than at the next poll.
    public func nudge() { doorbell.ring() }

    /// Stops at graceful shutdown once the attempt under way is settled, so a shutdown never
    /// cuts a request short (which would send the event again after the claim's lease).
    public func run() async {
        await withGracefulShutdownHandler {
            while !doorbell.isClosed, !Task.isCancelled {
                let next = await deliverDue()
                await doorbell.wait(until: next, clock: clock)
            }
        } onGracefulShutdown: { [doorbell] in
            doorbell.close()
        }
    }

    /// Delivers everything due, one at a time; returns when to look again.
    public func deliverDue() async -> Date {
        let poll = clock.now.date.addingTimeInterval(config.pollInterval.seconds)
        do {
            while !doorbell.isClosed {
                let now = clock.now.date
                guard
                    let delivery = try await store.claimDelivery(
                        now: now, owner: config.owner, leaseUntil: now.addingTimeInterval(config.lease.seconds))
                else { break }
                await attempt(delivery)
            }
            return min(try await store.nextDeliveryDue() ?? poll, poll)
        } catch {
            logger.warning("could not read the event webhook queue", metadata: ["error": "\(error)"])
            return poll
        }
    }

    private func attempt(_ delivery: WebhookDelivery) async {
        guard let claim = delivery.claim else { return }
        let (status, failure) = await post(delivery)
        let now = clock.now.date
        let settlement: DeliverySettlement
        if let failure {
            let next = config.backoff.nextAttempt(after: delivery.attempts, now: now, giveUpAt: delivery.giveUpAt, random: random())
            settlement = next.map { .retry(at: $0, status: status, error: failure) } ?? .gaveUp(status: status, error: failure)
        } else {
            settlement = .delivered(status: status ?? 200)
        }
        var metadata: Logger.Metadata = [
            "key": "\(delivery.id)", "attempt": "\(delivery.attempts)", "host": "\(URLComponents(string: delivery.url)?.host ?? "?")"
        ]
        if let status { metadata["status"] = "\(status)" }
        if let failure { metadata["error"] = "\(failure)" }
        do {
            guard try await store.settleDelivery(key: delivery.id, claim: claim, settlement, now: now) else {
                logger.warning("event webhook claim was lost before its result was recorded", metadata: metadata)
                return
            }
        } catch {
            metadata["storeError"] = "\(error)"
            logger.warning("could not record an event webhook's result; it is tried again after its claim expires", metadata: metadata)
            return
        }
        switch settlement {
        case .delivered: logger.info("event webhook delivered", metadata: metadata)
        case .retry(let at, _, _):
            metadata["next"] = "\(at)"
            logger.warning("event webhook failed; will retry", metadata: metadata)
        case .gaveUp: logger.error("event webhook given up", metadata: metadata)
        }
    }

    /// The answer's status, and why it does not count as delivered (nil when it does).
    private func post(_ delivery: WebhookDelivery) async -> (status: Int?, failure: String?) {
        let body = Array(delivery.body.utf8)
        let timestamp = Int(clock.now.date.timeIntervalSince1970)
        let request = HTTPRequest(
            method: "POST", url: delivery.url,
            headers: [
                HTTPHeader("Content-Type", "application/json"),
                HTTPHeader(EventWebhookHeaders.signature, TimestampedSignature.header(secret: config.secret, timestamp: timestamp, body: body)),
                HTTPHeader(EventWebhookHeaders.idempotencyKey, delivery.id),
                HTTPHeader(EventWebhookHeaders.event, delivery.event),
                HTTPHeader("User-Agent", "dialerd")
            ],
            body: body, totalTimeout: config.requestTimeout, maxResponseBytes: 64 << 10)
        do {
            let response = try await http.send(request)
            return (200..<300).contains(response.status) ? (response.status, nil) : (response.status, "answered \(response.status)")
        } catch {
            return (nil, "\(error)")
        }
    }
}

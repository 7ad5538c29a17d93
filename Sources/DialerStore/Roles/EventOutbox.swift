import DialerCore
import Foundation

/// The durable queue of outbound event webhooks. Every mutation is one atomic operation on one
/// document, so several instances can deliver from the same queue: a claim is a lease, and
/// only the attempt holding the current claim can settle it.
public protocol EventOutbox: Sendable {
    /// Queues `delivery` unless one with its key (`id`) is queued already; true when queued now.
    /// An event reported twice (a replayed call end, a run redone after a crash) is kept once.
    nonisolated(nonsending) func enqueueDelivery(_ delivery: WebhookDelivery) async throws -> Bool
    /// Takes the pending delivery due first (then oldest) for `owner`, with a new claim token, and
    /// moves its `nextAttemptAt` to `leaseUntil`: if the owner dies mid-attempt, the delivery is
    /// due again then, for any instance. Nil when nothing is due.
    nonisolated(nonsending) func claimDelivery(now: Date, owner: String, leaseUntil: Date) async throws -> WebhookDelivery?
    /// Records how the attempt made under `claim` ended. False when that claim is no longer the
    /// delivery's (its lease ran out and another attempt took over): the newer attempt decides.
    nonisolated(nonsending) func settleDelivery(key: String, claim: String, _ settlement: DeliverySettlement, now: Date) async throws -> Bool
    /// Removes a delivery that has not been attempted: an event queued ahead of a state change
    /// that was then refused (a completion that a pause overtook).
    nonisolated(nonsending) func withdrawDelivery(key: String) async throws
    nonisolated(nonsending) func delivery(key: String) async throws -> WebhookDelivery?
    /// The earliest `nextAttemptAt` of a pending delivery: when the deliverer should look next.
    nonisolated(nonsending) func nextDeliveryDue() async throws -> Date?
}

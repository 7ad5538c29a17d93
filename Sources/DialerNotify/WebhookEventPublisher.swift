import DialerCore
import DialerStore
import Foundation

/// What the publisher reads and writes: the queue, the campaign (its `webhookUrl` and name) and
/// the call's transcript (its summary).
public typealias EventPublisherStore = EventOutbox & CampaignRecords & CallArtifacts

/// Queues the engine's events in the durable outbox, one delivery per event, keyed by the call
/// or campaign, with the body frozen as it is now. A campaign's own `webhookUrl` wins over
/// dialerd's `eventWebhookUrl`; with neither, nothing is queued.
public struct WebhookEventPublisher: EngineEventPublisher {
    private let store: any EventPublisherStore
    private let defaultURL: String?
    private let clock: any WallClock
    private let giveUpAfter: Duration
    /// Told after an event was queued, so the deliverer sends it without waiting for its next look.
    private let queued: @Sendable () -> Void

    public init(
        store: any EventPublisherStore, defaultURL: String?, clock: any WallClock, giveUpAfter: Duration = DeliveryBackoff.standard.giveUpAfter,
        queued: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        self.defaultURL = defaultURL
        self.clock = clock
        self.giveUpAfter = giveUpAfter
        self.queued = queued
    }

    public nonisolated(nonsending) func callEnded(_ event: CallResultEvent, campaign: Campaign) async throws {
        guard let url = campaign.settings.webhookUrl ?? defaultURL, let callId = event.call.id else { return }
        let call = event.call
        var summary: String?
        if let sid = call.callSid { summary = try await store.transcript(callSid: sid)?.summary }
        let key = EventPayload.callEndedKey(callId)
        let data = EventPayload.CallEnded(
            callId: callId.hex, campaignId: event.campaignId.hex, contactId: event.contactId.hex, attemptId: call.attemptId,
            attempt: call.attempt, provider: call.provider.rawValue, callSid: call.callSid, to: call.to, status: call.status.rawValue,
            outcome: event.result, contactState: event.state.rawValue, durationSeconds: call.duration, cost: call.cost, summary: summary,
            endedAt: call.endTime)
        try await enqueue(key: key, type: "call.ended", url: url, campaignId: event.campaignId, data)
    }

    public nonisolated(nonsending) func campaignCompleting(id: ObjectId, stats: CampaignStats) async throws {
        guard let campaign = try await store.campaignWithoutIdLists(id: id), let url = campaign.settings.webhookUrl ?? defaultURL else { return }
        let key = EventPayload.campaignCompletedKey(id)
        try await enqueue(
            key: key, type: "campaign.completed", url: url, campaignId: id,
            EventPayload.CampaignCompleted(campaignId: id.hex, name: campaign.name, stats: stats))
    }

    public nonisolated(nonsending) func campaignCompletionRefused(id: ObjectId) async throws {
        try await store.withdrawDelivery(key: EventPayload.campaignCompletedKey(id))
    }

    private nonisolated(nonsending) func enqueue<Data: Encodable>(
        key: String, type: String, url: String, campaignId: ObjectId, _ data: Data
    ) async throws {
        let now = clock.now.date
        let body = try EventPayload.body(key: key, type: type, at: now, data)
        let delivery = WebhookDelivery(key: key, event: type, url: url, body: body, campaignId: campaignId, now: now, giveUpAfter: giveUpAfter)
        if try await store.enqueueDelivery(delivery) { queued() }
    }
}

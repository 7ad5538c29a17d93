import DialerCore
import DialerHTTP
import DialerNotify
import DialerStore
import Logging

/// Builds outbound event webhooks from configuration: nothing without a signing secret.
enum EventWebhookWiring {
    struct Parts {
        let publisher: WebhookEventPublisher
        let deliverer: EventWebhookDeliverer
    }

    static func make(_ configuration: ServeConfiguration, store: any CampaignStore, http: any HTTPClient, clock: any WallClock) -> Parts? {
        guard let events = configuration.eventWebhooks else { return nil }
        let deliverer = EventWebhookDeliverer(
            store: store, http: http, clock: clock,
            config: EventWebhookDeliveryConfiguration(
                secret: events.secret, owner: configuration.instanceId, requestTimeout: events.requestTimeout,
                pollInterval: configuration.pollInterval))
        // An event this instance queued is sent at once; others' are found at the next poll.
        let publisher = WebhookEventPublisher(store: store, defaultURL: events.url, clock: clock) { deliverer.nudge() }
        return Parts(publisher: publisher, deliverer: deliverer)
    }
}

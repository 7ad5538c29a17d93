import DialerCore
import DialerStore
import Logging

/// An active Twilio campaign with neither `settings.twilio.url` nor `twiml` connects no agent:
/// its calls only read the first message out with `<Say>`. Said at every start, before anyone is
/// called, since a campaign set up that way by mistake burns its list on one-way calls.
public enum SayFallbackWarning {
    /// Returns the campaigns it warned about.
    @discardableResult
    public static func log(_ store: any CampaignRecords, logger: Logger) async -> [Campaign] {
        var warned: [Campaign] = []
        var request = PageRequest(offset: 0, limit: 200)
        do {
            while true {
                let page = try await store.listCampaigns(statuses: [.active], page: request)
                for campaign in page.items where campaign.dialsTwilioWithoutAgent {
                    warned.append(campaign)
                    logger.warning(
                        "active Twilio campaign has no settings.twilio.url or twiml: its calls only <Say> the first message",
                        metadata: ["campaignId": "\(campaign.id.map(\.hex) ?? "")", "campaign": "\(campaign.name)"])
                }
                guard page.items.count == request.limit else { return warned }
                request = PageRequest(offset: request.offset + request.limit, limit: request.limit)
            }
        } catch {
            logger.warning("could not list the active campaigns to check their Twilio instructions", metadata: ["error": "\(error)"])
            return warned
        }
    }
}

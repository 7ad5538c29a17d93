import DialerCore
import DialerStore

/// A campaign's call counters summed from its `calls` documents with the same per-call rule the
/// live `$inc`s use, so a finished campaign's stats equal a recount even if a crash fell between
/// finishing a claim and its `$inc` (two documents, no transaction).
public enum StatsRecount {
    public static func stats(from calls: some Sequence<Call>) -> CampaignStats {
        var stats = CampaignStats()
        count(calls, into: &stats)
        return stats
    }

    /// Pages through the campaign's calls, summing page by page so a large campaign's calls are
    /// never all held at once; for a campaign with no live call.
    public static func stats(campaignId: ObjectId, store: any CallRecords) async throws -> CampaignStats {
        var stats = CampaignStats()
        var offset = 0
        while true {
            let page = try await store.listCalls(
                CallFilter(campaignId: campaignId), sort: .oldestFirst,
                page: PageRequest(offset: offset, limit: 500))
            count(page.items, into: &stats)
            offset += page.items.count
            if !page.hasMore || page.items.isEmpty { return stats }
        }
    }

    /// Attempts withdrawn before any provider request were never placed and count nowhere.
    private static func count(_ calls: some Sequence<Call>, into stats: inout CampaignStats) {
        for call in calls where call.outcome != "not-placed" {
            stats.callsPlaced += 1
            if call.status.isTerminal { stats.apply(OutcomePolicy.stats(for: call)) }
        }
    }
}

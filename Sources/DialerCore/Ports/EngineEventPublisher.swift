/// Where the engine reports the events a user may subscribe to (outbound event webhooks).
///
/// Unlike `CallResultSink`, it is awaited and may throw: each event is made durable before the
/// engine takes the step after which nothing would report it again (finishing a call's claim,
/// completing a campaign). A publisher must therefore be idempotent per event: after a crash
/// the engine reports the same event again.
public protocol EngineEventPublisher: Sendable {
    /// A call reached its verdict; `campaign` is the call's campaign as the engine read it.
    nonisolated(nonsending) func callEnded(_ event: CallResultEvent, campaign: Campaign) async throws
    /// The campaign is about to be marked completed with these recounted stats.
    nonisolated(nonsending) func campaignCompleting(id: ObjectId, stats: CampaignStats) async throws
    /// The completion announced by `campaignCompleting` was refused (paused or stopped meanwhile).
    nonisolated(nonsending) func campaignCompletionRefused(id: ObjectId) async throws
}

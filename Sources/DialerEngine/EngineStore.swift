import DialerStore

/// What the engine (scheduler, runners, call-end handling, reconciler) persists: everything but
/// the webhooks' call artifacts and the health probe.
public typealias EngineStore = CampaignRecords & CampaignLeases & ContactRecords & DialProgressRecords & DialingLedger
    & CallRecords & RecoveryScans & SuppressionList

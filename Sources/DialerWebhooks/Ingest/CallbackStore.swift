import DialerStore

/// What the webhook ingest reads and writes: calls, and what they leave behind; a call's campaign
/// (its `optOutField`) and the suppression list, for an opt-out the call carries.
public typealias CallbackStore = CallRecords & CallArtifacts & CampaignRecords & SuppressionList

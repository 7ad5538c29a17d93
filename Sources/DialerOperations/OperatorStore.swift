import DialerStore

/// What the operator backend reads and writes.
public typealias OperatorStore = CampaignRecords & ContactRecords & DialProgressRecords & CallRecords & StoreHealth & SuppressionList
    & CampaignAuditLog & APIKeyRecords

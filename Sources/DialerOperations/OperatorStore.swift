import DialerStore

/// What the control socket's operator commands read and write.
public typealias ControlStore = CampaignRecords & ContactRecords & DialProgressRecords & CallRecords & StoreHealth & SuppressionList

import DialerStore

/// What sheet import, sync and write-back read and write together.
public typealias SheetStore = CampaignRecords & ContactRecords & DialProgressRecords & CallRecords & CallArtifacts

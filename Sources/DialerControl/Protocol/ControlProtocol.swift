import DialerOperator

/// The control socket's wire protocol: one JSON object per line, both ways.
///
/// Request:  `{"v":1,"id":7,"cmd":"campaigns.pause","args":{"id":"…"}}`
/// Response: `{"id":7,"ok":true,"result":{…}}` or `{"id":7,"ok":false,"error":{"code":"…","message":"…"}}`
/// A streaming command (`watch`) sends event lines `{"id":7,"event":"progress","data":{…}}` before
/// its response, which ends the stream.
public enum ControlProtocol {
    /// Bumped only for incompatible changes; new commands and new result fields keep it.
    public static let version = 1
    /// Longest request line accepted (16 MB); an import sends its files inline, so a line holds a
    /// bundle of import files at their size limit, escaped.
    public static let maxLineBytes = 2 * CampaignBundleLoader.maxFileBytes
}

public enum ControlCommand: String, CaseIterable, Sendable {
    case hello
    case version
    case campaignsList = "campaigns.list"
    case campaignsShow = "campaigns.show"
    case campaignsStart = "campaigns.start"
    case campaignsPause = "campaigns.pause"
    case campaignsResume = "campaigns.resume"
    case campaignsStop = "campaigns.stop"
    case campaignsImport = "campaigns.import"
    case engineStatus = "engine.status"
    case engineDrain = "engine.drain"
    case watch
    /// Reads the campaign's Google sheet (or CSV stand-in) into contacts.
    case sheetsImport = "sheets.import"
    /// Rewrites the sheet's result columns from the database.
    case sheetsSync = "sheets.sync"
    /// The global suppression list: numbers no campaign dials. Added in v1, compatible.
    case suppressionsList = "suppressions.list"
    case suppressionsAdd = "suppressions.add"
    case suppressionsImport = "suppressions.import"
    case suppressionsRemove = "suppressions.remove"
    /// The operator HTTP API's keys. Added in v1, compatible; `apiKeys.create` answers with the key, once.
    case apiKeysCreate = "apiKeys.create"
    case apiKeysList = "apiKeys.list"
    case apiKeysRevoke = "apiKeys.revoke"
}

import DialerCore

/// Which fields an import file may set. Unknown fields are errors: a typo such as "callDely"
/// would otherwise fall back to a default without anyone noticing.
enum FieldRules {
    static let campaignFields: Set<String> = [
        "name", "description", "status", "prompt", "firstMessage", "callerId", "region", "sheetInfo", "settings",
        "provider", "agentId", "agentPhoneNumberId", "defaultTimeZone", "callingWindow", "nextExecution"
    ]
    static let campaignLoaderFields: Set<String> = [
        "_id", "id", "stats", "contactIds", "callIds", "createdAt", "updatedAt", "leaseOwner", "leaseUntil", "lastExecuted",
        "lastError", "lastErrorAt", "pauseReason"
    ]
    static let settingsFields: Set<String> = [
        "callDelay", "maxConcurrentCalls", "retryCount", "retryDelay", "retryBackoff", "retryJitter", "machinePolicy",
        "twilio", "elevenLabs", "bland", "optOutField", "preDialCheck"
    ]
    /// Each provider's sub-document of `settings`, by the names its type decodes.
    static let providerSettingsFields: [(key: String, fields: Set<String>)] = [
        ("twilio", TwilioCampaignSettings.fieldNames), ("elevenLabs", ElevenLabsCampaignSettings.fieldNames),
        ("bland", BlandCampaignSettings.fieldNames)
    ]
    static let preDialCheckFields: Set<String> = ["url", "timeoutMs", "preDialFailure"]
    static let callingWindowFields: Set<String> = ["preset", "days", "holidays"]
    static let campaignSheetFields: Set<String> = [
        "spreadsheetId", "sheetName", "phoneColumn", "nameColumn", "statusColumn", "customMessageColumn"
    ]
    static let contactFields: Set<String> = [
        "phoneNumber", "name", "email", "tags", "notes", "customFields", "status", "priority", "sheetInfo"
    ]
    static let contactEngineFields: Set<String> = [
        "_id", "id", "campaignIds", "callIds", "callCount", "lastContacted", "createdAt", "updatedAt", "lastCallResult", "nextAttemptAt"
    ]
    static let contactSheetFields: Set<String> = ["spreadsheetId", "sheetName", "rowIndex"]

    /// CSV header names; `custom.<name>` columns become custom fields.
    static let csvColumns: [String] = ["phoneNumber", "name", "email", "priority", "status", "tags", "notes", "timeZone"]
    static let csvCustomPrefix = "custom."
}

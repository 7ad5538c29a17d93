import DialerCore

/// The named schemas of the document (`#/components/schemas/...`): each document type the API
/// answers with, field for field as it encodes. Fields a document may lack are optional.
public enum Schemas {
    public static let all: [(String, JSONSchema)] = [
        ("Error", error), ("Call", call), ("Campaign", campaign), ("Contact", contact), ("Recording", recording),
        ("Transcript", transcript), ("CallEvent", callEvent), ("CampaignSummary", campaignSummary), ("StopResult", stopResult),
        ("CampaignStatsReply", campaignStats), ("CallStatusChange", callStatusChange), ("ReadinessReport", readiness),
        ("CallPage", page(of: "Call")), ("CampaignPage", page(of: "Campaign")), ("ContactPage", page(of: "Contact")),
        ("Seed000Call", Seed000Call.schema), ("Seed000CallPage", Seed000CallPage.schema), ("Seed000CallStats", Seed000CallStats.schema),
        ("Deletion", Deletion.schema), ("RecordingPage", page(of: "Recording")), ("CallEventPage", page(of: "CallEvent")),
        ("MembershipAddition", MembershipAdditionReply.schema), ("MembershipRemoval", MembershipRemovalReply.schema),
        ("ContactImportReport", ContactImportReport.schema)
    ]

    static let error = ObjectSchema()
        .field("error", .string(description: "the error's name, as NotFound or CallNotFound"))
        .field("message", .string(description: "what went wrong, for people"))
        .field("code", .string(pattern: "^[A-Z_]+$", description: "the machine-readable code, as NOT_FOUND"))
        .closed

    static func page(of item: String) -> JSONSchema {
        ObjectSchema()
            .field("items", .array(.ref(item)))
            .field("total", .integer(minimum: 0, description: "every matching item, of which items is one page"))
            .field("page", .integer(minimum: 1))
            .field("limit", .integer(minimum: 1, maximum: 1000))
            .closed
    }

    static let date = JSONSchema.dateTime
    static let anyMap = JSONSchema.map(.any())

    static let call = ObjectSchema()
        .field("_id", .objectId).field("status", .enumeration(CallStatus.self)).field("to", .string())
        .field("createdAt", date).field("updatedAt", date).field("attemptId", .string())
        .field("provider", .enumeration(ProviderKind.self)).field("attempt", .integer(minimum: 0))
        .optional("callSid", .string()).optional("conversationId", .string()).optional("from", .string())
        .optional("direction", .string()).optional("startTime", date).optional("endTime", date)
        .optional("duration", .integer(minimum: 0)).optional("answeredBy", .string()).optional("machineBehavior", .string())
        .optional("agentId", .string()).optional("contactName", .string()).optional("campaignId", .objectId)
        .optional("contactId", .objectId).optional("metadata", anyMap).optional("transcript", .string())
        .optional("recordingUrl", .string()).optional("callType", .string()).optional("outcome", .string())
        .optional("notes", .string()).optional("cost", .number()).optional("providerCallId", .string())
        .optional("price", .string()).optional("priceUnit", .string()).optional("errorCode", .string())
        .optional("errorMessage", .string()).optional("needsReconciliation", .boolean())
        .closed

    static let campaignStatsObject = ObjectSchema()
        .field("totalContacts", .integer(minimum: 0)).field("callsPlaced", .integer()).field("callsCompleted", .integer())
        .field("callsAnswered", .integer()).field("callsFailed", .integer()).field("averageDuration", .number())
        .field("totalDuration", .integer()).field("durationCount", .integer())
        .closed

    static let campaign = ObjectSchema()
        .field("_id", .objectId).field("name", .string()).field("status", .enumeration(CampaignStatus.self))
        .field("stats", campaignStatsObject).field("settings", .object(properties: [], required: [], additional: .any()))
        .field("contactIds", .array(.objectId)).field("callIds", .array(.objectId)).field("createdAt", date).field("updatedAt", date)
        .optional("description", .string()).optional("prompt", .string()).optional("firstMessage", .string())
        .optional("callerId", .string()).optional("region", .string()).optional("sheetInfo", anyMap)
        .optional("lastExecuted", date).optional("nextExecution", date).optional("provider", .enumeration(ProviderKind.self))
        .optional("agentId", .string()).optional("agentPhoneNumberId", .string()).optional("defaultTimeZone", .string())
        .optional("callingWindow", anyMap).optional("leaseOwner", .string()).optional("leaseUntil", date)
        .optional("lastError", .string()).optional("lastErrorAt", date).optional("pauseReason", .string())
        .closed

    static let contact = ObjectSchema()
        .field("_id", .objectId).field("phoneNumber", .string()).field("tags", .array(.string())).field("callCount", .integer(minimum: 0))
        .field("callIds", .array(.objectId)).field("campaignIds", .array(.objectId)).field("customFields", anyMap)
        .field("status", .enumeration(ContactStatus.self)).field("priority", .integer()).field("createdAt", date).field("updatedAt", date)
        .optional("name", .string()).optional("email", .string()).optional("notes", .string()).optional("lastContacted", date)
        .optional("sheetInfo", anyMap).optional("lastCallResult", .string()).optional("nextAttemptAt", date)
        .closed

    static let recording = ObjectSchema()
        .field("_id", .objectId).field("recordingSid", .string()).field("callSid", .string())
        .field("status", .enumeration(RecordingStatus.self)).field("createdAt", date).field("updatedAt", date)
        .optional("url", .string()).optional("duration", .integer(minimum: 0))
        .closed

    static let transcript = ObjectSchema()
        .field("_id", .objectId).field("callSid", .string())
        .field(
            "transcript",
            .array(
                ObjectSchema().field("role", .string()).optional("message", .string()).optional("timeInCallSecs", .number()).closed)
        )
        .field("createdAt", date).field("updatedAt", date)
        .optional("conversationId", .string()).optional("summary", .string()).optional("sentiment", .any()).optional("analysis", .any())
        .closed

    static let callEvent = ObjectSchema()
        .field("_id", .objectId).field("callSid", .string()).field("eventType", .string()).field("timestamp", date)
        .field("data", anyMap).field("eventKey", .string()).field("createdAt", date).field("updatedAt", date)
        .optional("sequenceNumber", .integer()).optional("attemptId", .string())
        .closed

    static let campaignSummary = ObjectSchema()
        .field("id", .objectId).field("name", .string()).field("status", .enumeration(CampaignStatus.self))
        .field("totalContacts", .integer(minimum: 0)).field("callsPlaced", .integer()).field("callsAnswered", .integer())
        .field("callsCompleted", .integer()).field("callsFailed", .integer()).field("createdAt", date)
        .optional("provider", .enumeration(ProviderKind.self)).optional("nextExecution", date).optional("leaseOwner", .string())
        .optional("lastError", .string()).optional("pauseReason", .string())
        .closed

    static let stopResult = ObjectSchema()
        .field("campaign", .ref("CampaignSummary"))
        .field("hungUp", .integer(minimum: 0, description: "live calls ended through their provider (only with hangUp)"))
        .closed

    static let campaignStats = ObjectSchema()
        .field("campaignId", .objectId).field("status", .enumeration(CampaignStatus.self)).field("stats", campaignStatsObject)
        .field(
            "dialStates",
            .object(
                properties: DialState.knownCases.map { ($0.rawValue, JSONSchema.integer(minimum: 0)) },
                required: DialState.knownCases.map(\.rawValue),
                description: "contacts per dialing state in this campaign")
        )
        .field("inFlight", .integer(minimum: 0, description: "live calls, counted in the database"))
        .closed

    static let callStatusChange = ObjectSchema()
        .field("call", .ref("Call"))
        .field("changed", .boolean(description: "false when the call already had that status"))
        .closed

    static let readiness = ObjectSchema()
        .field("ready", .boolean()).field("database", .enumeration(["ok", "unreachable"]))
        .field("missing", .array(.string())).field("stopping", .boolean())
        .closed
}

/// An index as `createIndexes` takes it.
public struct IndexSpec: Sendable, Equatable {
    public var collection: String
    public var keys: BSONDocument
    public var unique: Bool
    public var partialFilter: BSONDocument?
    /// Why it exists: the seed that lists it, or the query that needs it.
    public var origin: String

    public init(_ collection: String, _ keys: BSONDocument, unique: Bool = false, partialFilter: BSONDocument? = nil, origin: String) {
        self.collection = collection
        self.keys = keys
        self.unique = unique
        self.partialFilter = partialFilter
        self.origin = origin
    }

    /// The server's default name: `field_1_other_-1`.
    public var name: String {
        keys.map { "\($0.key)_\($0.value.intValue.map(String.init) ?? "1")" }.joined(separator: "_")
    }
}

public enum Collections {
    public static let calls = "calls"
    public static let recordings = "recordings"
    public static let transcripts = "transcripts"
    public static let callEvents = "callEvents"
    public static let campaigns = "campaigns"
    public static let contacts = "contacts"
    /// Ours: per-campaign dialing progress, so the seed's contact `status` keeps its meaning.
    public static let dialStates = "dialStates"
    /// Ours: the durable queue of outbound event webhooks, one document per event (`_id` is its key).
    public static let webhookDeliveries = "webhookDeliveries"
    /// Ours: the global suppression list, numbers no campaign dials.
    public static let suppressions = "suppressions"
    /// Ours: operators' actions on campaigns (start, pause, resume, stop) and who took them.
    public static let campaignEvents = "campaignEvents"
    /// Ours: operator API keys, by the hash of the key only.
    public static let apiKeys = "apiKeys"
}

public enum IndexCatalog {
    /// Ids that do not exist yet are left out of unique indexes, so calls can be inserted
    /// before the provider returns a SID.
    static let hasString: BSONDocument = ["$type": "string"]

    public static let all: [IndexSpec] = seed001 + seed000 + engine + operatorAPI

    public static let seed001: [IndexSpec] = [
        .init(Collections.calls, ["callSid": 1], unique: true, partialFilter: ["callSid": .document(hasString)], origin: "seed 001"),
        .init(Collections.calls, ["status": 1], origin: "seed 001"),
        .init(Collections.calls, ["createdAt": -1], origin: "seed 001"),
        .init(Collections.calls, ["startTime": -1], origin: "seed 001"),
        .init(Collections.calls, ["campaignId": 1, "status": 1], origin: "seed 001"),
        .init(Collections.calls, ["contactId": 1, "createdAt": -1], origin: "seed 001"),
        .init(Collections.recordings, ["recordingSid": 1], unique: true, origin: "seed 001"),
        .init(Collections.recordings, ["callSid": 1], origin: "seed 001"),
        .init(Collections.transcripts, ["callSid": 1], unique: true, origin: "seed 001"),
        .init(Collections.transcripts, ["conversationId": 1], origin: "seed 001"),
        .init(Collections.callEvents, ["callSid": 1, "timestamp": 1], origin: "seed 001"),
        .init(Collections.callEvents, ["eventType": 1], origin: "seed 001"),
        .init(Collections.campaigns, ["name": 1], origin: "seed 001"),
        .init(Collections.campaigns, ["status": 1], origin: "seed 001"),
        .init(Collections.campaigns, ["createdAt": -1], origin: "seed 001"),
        .init(Collections.campaigns, ["status": 1, "nextExecution": 1], origin: "seed 001"),
        .init(Collections.contacts, ["phoneNumber": 1], origin: "seed 001"),
        .init(Collections.contacts, ["name": 1], origin: "seed 001"),
        .init(Collections.contacts, ["email": 1], origin: "seed 001"),
        .init(Collections.contacts, ["tags": 1], origin: "seed 001"),
        .init(Collections.contacts, ["campaignIds": 1, "status": 1], origin: "seed 001"),
        .init(Collections.contacts, ["phoneNumber": 1, "campaignIds": 1], unique: true, origin: "seed 001")
    ]

    /// Seed 000's indexes mapped onto our field names (contact_id → contactId, call_id →
    /// providerCallId, created_at → createdAt, phone_number → to); the ones seed 001 already has are not repeated.
    public static let seed000: [IndexSpec] = [
        .init(Collections.calls, ["contactId": 1], origin: "seed 000"),
        .init(Collections.calls, ["providerCallId": 1], origin: "seed 000"),
        .init(Collections.calls, ["to": 1], origin: "seed 000"),
        .init(Collections.calls, ["status": 1, "createdAt": -1], origin: "seed 000"),
        .init(Collections.calls, ["providerCallId": 1, "status": 1], origin: "seed 000")
    ]

    public static let engine: [IndexSpec] = [
        .init(Collections.calls, ["attemptId": 1], unique: true, origin: "engine: attempt-first correlation"),
        .init(Collections.calls, ["conversationId": 1], origin: "engine: ElevenLabs webhook correlation"),
        .init(Collections.calls, ["status": 1, "createdAt": 1], origin: "engine: reconciler scan"),
        .init(Collections.callEvents, ["eventKey": 1], unique: true, origin: "engine: idempotent callbacks"),
        .init(Collections.dialStates, ["campaignId": 1, "contactId": 1], unique: true, origin: "engine: one progress per contact and campaign"),
        .init(Collections.dialStates, ["campaignId": 1, "state": 1, "priority": -1, "contactCreatedAt": 1], origin: "engine: contact claim"),
        .init(Collections.dialStates, ["state": 1, "claimedAt": 1], origin: "engine: reconciler scan"),
        // Not extended by createdAt (the claim's tie-break): the test database then drops a match
        // equal to the $lte bound on nextAttemptAt, and ties are few enough to sort in memory.
        .init(Collections.webhookDeliveries, ["state": 1, "nextAttemptAt": 1], origin: "engine: event webhook claim"),
        // Over active entries only: a removed entry stays as history, and the number may be suppressed again.
        .init(
            Collections.suppressions, ["phoneNumber": 1], unique: true, partialFilter: ["status": "active"],
            origin: "engine: one active suppression per number, looked up on every claim"),
        .init(Collections.suppressions, ["status": 1, "createdAt": -1], origin: "engine: suppression list, newest first"),
        .init(Collections.campaignEvents, ["campaignId": 1, "at": -1], origin: "operators: a campaign's latest actions"),
        .init(Collections.apiKeys, ["keyHash": 1], unique: true, origin: "api: a key is found by its hash on every request"),
        .init(Collections.apiKeys, ["name": 1], unique: true, origin: "api: keys are revoked and named in events by name"),
        .init(Collections.apiKeys, ["prefix": 1], unique: true, origin: "api: keys are revoked by their displayed prefix")
    ]

    /// The operator API's list filters and guarded deletes that no index above serves; the index test
    /// explains each filter against the catalog.
    public static let operatorAPI: [IndexSpec] = [
        .init(Collections.calls, ["outcome": 1, "createdAt": -1], origin: "operator API: calls by outcome"),
        .init(Collections.calls, ["duration": 1], origin: "operator API: calls by minimum duration"),
        .init(Collections.recordings, ["status": 1, "createdAt": -1], origin: "operator API: recordings by status"),
        .init(Collections.recordings, ["createdAt": -1], origin: "operator API: recordings by date"),
        .init(Collections.callEvents, ["timestamp": 1], origin: "operator API: call events by time"),
        .init(Collections.contacts, ["status": 1, "createdAt": 1], origin: "operator API: contacts by status"),
        .init(Collections.contacts, ["createdAt": 1], origin: "operator API: contacts by date, and their export scan"),
        .init(Collections.dialStates, ["contactId": 1, "state": 1], origin: "operator API: a contact's claims, before its delete"),
        .init(Collections.campaigns, ["contactIds": 1], origin: "operator API: a deleted contact's campaigns")
    ]
}

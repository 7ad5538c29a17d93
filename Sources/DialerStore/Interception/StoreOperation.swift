/// One per store requirement; the raw value is the metric's `operation` label.
public enum StoreOperation: String, Sendable, CaseIterable {
    case insertCampaign, campaign, campaignWithoutIdLists, listCampaigns, dueCampaigns, acquireCampaignLease, releaseCampaignLease, transitionCampaign
    case setCampaignSchedule, setTotalContacts, pauseCampaigns, admitCall, withdrawCall, incrementStats, completeCampaign
    case insertContacts, contact, updateContact, listContacts, beginContactCall, setContactResult
    case enroll, claimNextContact, finishClaim, dialProgress, dialStateCounts, pendingTimeZones, staleClaims, earliestRetry
    case insertCall, call, advanceCall, listCalls, countCalls, countInFlightCalls, staleCalls
    case appendCallEvent, callEvents, upsertRecording, recordings, upsertTranscript, transcript, ping
    case enqueueDelivery, claimDelivery, settleDelivery, withdrawDelivery, delivery, nextDeliveryDue
    case suppress, activeSuppression, suppressedNumbers, liftSuppression, listSuppressions
    case deleteCall, scanCalls
    case listRecordings, recording, insertRecording, deleteRecording, insertTranscript, updateTranscript, listCallEvents
    case contactByPhone, updateContactFields, addContactTags, removeContactTags, deleteContact, scanContacts
    case updateCampaign, deleteCampaign, addCampaignContacts, removeCampaignContacts
    case recordCampaignAction, campaignActions
    case insertAPIKey, apiKey, listAPIKeys, revokeAPIKey, recordAPIKeyUse

    private static let indexes: [StoreOperation: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
    /// Position in `allCases`, so per-operation tables are arrays.
    public var index: Int { Self.indexes[self]! }
}

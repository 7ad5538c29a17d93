import DialerCore
import Foundation

// The operator API's operations, forwarded like every other (see `InterceptedStore`).
extension InterceptedStore {
    // MARK: CallAdministration
    public nonisolated(nonsending) func deleteCall(callSid: String) async throws -> CallDeletion {
        try await interceptor.intercept(.deleteCall) { try await base.deleteCall(callSid: callSid) }
    }
    public nonisolated(nonsending) func scanCalls(_ filter: CallFilter, after: ScanCursor?, limit: Int) async throws -> ScanPage<Call> {
        try await interceptor.intercept(.scanCalls) { try await base.scanCalls(filter, after: after, limit: limit) }
    }

    // MARK: ArtifactAdministration
    public nonisolated(nonsending) func listRecordings(_ filter: RecordingFilter, page: PageRequest) async throws -> Page<Recording> {
        try await interceptor.intercept(.listRecordings) { try await base.listRecordings(filter, page: page) }
    }
    public nonisolated(nonsending) func recording(recordingSid: String) async throws -> Recording? {
        try await interceptor.intercept(.recording) { try await base.recording(recordingSid: recordingSid) }
    }
    public nonisolated(nonsending) func insertRecording(_ recording: Recording) async throws -> ObjectId {
        try await interceptor.intercept(.insertRecording) { try await base.insertRecording(recording) }
    }
    public nonisolated(nonsending) func deleteRecording(recordingSid: String) async throws -> Bool {
        try await interceptor.intercept(.deleteRecording) { try await base.deleteRecording(recordingSid: recordingSid) }
    }
    public nonisolated(nonsending) func insertTranscript(_ transcript: Transcript) async throws -> ObjectId {
        try await interceptor.intercept(.insertTranscript) { try await base.insertTranscript(transcript) }
    }
    public nonisolated(nonsending) func updateTranscript(callSid: String, _ changes: TranscriptChanges, now: Date) async throws -> Transcript? {
        try await interceptor.intercept(.updateTranscript) { try await base.updateTranscript(callSid: callSid, changes, now: now) }
    }
    public nonisolated(nonsending) func listCallEvents(_ filter: CallEventFilter, sort: SortOrder, page: PageRequest) async throws -> Page<CallEvent>
    {
        try await interceptor.intercept(.listCallEvents) { try await base.listCallEvents(filter, sort: sort, page: page) }
    }

    // MARK: ContactAdministration
    public nonisolated(nonsending) func contact(phoneNumber: String) async throws -> Contact? {
        try await interceptor.intercept(.contactByPhone) { try await base.contact(phoneNumber: phoneNumber) }
    }
    public nonisolated(nonsending) func updateContact(id: ObjectId, _ changes: ContactChanges, now: Date) async throws -> Contact? {
        try await interceptor.intercept(.updateContactFields) { try await base.updateContact(id: id, changes, now: now) }
    }
    public nonisolated(nonsending) func addContactTags(id: ObjectId, _ tags: [String], now: Date) async throws -> Contact? {
        try await interceptor.intercept(.addContactTags) { try await base.addContactTags(id: id, tags, now: now) }
    }
    public nonisolated(nonsending) func removeContactTags(id: ObjectId, _ tags: [String], now: Date) async throws -> Contact? {
        try await interceptor.intercept(.removeContactTags) { try await base.removeContactTags(id: id, tags, now: now) }
    }
    public nonisolated(nonsending) func deleteContact(id: ObjectId, now: Date) async throws -> ContactDeletion {
        try await interceptor.intercept(.deleteContact) { try await base.deleteContact(id: id, now: now) }
    }
    public nonisolated(nonsending) func scanContacts(_ filter: ContactFilter, campaign: Campaign?, after: ScanCursor?, limit: Int) async throws
        -> ScanPage<Contact>
    {
        try await interceptor.intercept(.scanContacts) { try await base.scanContacts(filter, campaign: campaign, after: after, limit: limit) }
    }

    // MARK: CampaignAdministration
    public nonisolated(nonsending) func updateCampaign(id: ObjectId, _ changes: CampaignChanges, whileStatusIn: [CampaignStatus]?, now: Date)
        async throws -> CampaignUpdate
    {
        try await interceptor.intercept(.updateCampaign) { try await base.updateCampaign(id: id, changes, whileStatusIn: whileStatusIn, now: now) }
    }
    public nonisolated(nonsending) func deleteCampaign(id: ObjectId) async throws -> CampaignDeletion {
        try await interceptor.intercept(.deleteCampaign) { try await base.deleteCampaign(id: id) }
    }
    public nonisolated(nonsending) func addCampaignContacts(id: ObjectId, contactIds: [ObjectId], now: Date) async throws -> MembershipAddition? {
        try await interceptor.intercept(.addCampaignContacts) { try await base.addCampaignContacts(id: id, contactIds: contactIds, now: now) }
    }
    public nonisolated(nonsending) func removeCampaignContacts(id: ObjectId, contactIds: [ObjectId], now: Date) async throws -> MembershipRemoval? {
        try await interceptor.intercept(.removeCampaignContacts) { try await base.removeCampaignContacts(id: id, contactIds: contactIds, now: now) }
    }
}

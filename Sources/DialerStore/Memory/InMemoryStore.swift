import DialerCore
import Foundation

/// The store for unit tests and benchmarks. Each method runs in one critical section, so every
/// operation is atomic, as a single-document MongoDB update is.
///
/// A lock rather than an actor: its methods run on the caller's executor, so a runner's store
/// operation is a function call instead of two executor hops (README, "Measurements behind the
/// code"). Nothing in a method suspends, so the lock is never held across an await.
public final class InMemoryStore: CampaignStore, @unchecked Sendable {
    private let lock = NSLock()
    // Everything below is guarded by `lock`: the extensions in other files touch it only inside `locked`.
    var campaigns: [ObjectId: Campaign] = [:]
    var contacts: [ObjectId: Contact] = [:]
    var progress: [ObjectId: DialProgress] = [:]
    var calls: [ObjectId: Call] = [:]
    // Indexes, so benchmarks measure the engine rather than scans of this store.
    var progressByCampaign: [ObjectId: [ObjectId: ObjectId]] = [:]
    /// Each campaign's pending and retry entries in claim order, as Mongo's claim index serves
    /// them: a claim takes the first that is due, instead of comparing every member.
    var claimQueues: [ObjectId: ClaimQueue] = [:]
    /// Contacts naming each campaign in `campaignIds`, and contacts by phone number: Mongo's
    /// indexes on those fields, so a campaign's enrollment does not read every contact.
    var contactsByCampaign: [ObjectId: Set<ObjectId>] = [:]
    var contactsByPhone: [String: Set<ObjectId>] = [:]
    /// Keyed by the enum itself: formatting a string key for every lookup cost more than the lookup.
    var callIdByKey: [CallKey: ObjectId] = [:]
    var liveCallsByCampaign: [ObjectId: Set<ObjectId>] = [:]
    /// Every call of a campaign, as Mongo's `campaignId` index serves a campaign's call list.
    var callsByCampaign: [ObjectId: Set<ObjectId>] = [:]
    var events: [String: CallEvent] = [:]
    var recordingsBySid: [String: Recording] = [:]
    var transcriptsBySid: [String: Transcript] = [:]
    var deliveries: [String: WebhookDelivery] = [:]
    var suppressions = SuppressionTable()
    /// Each campaign's operator actions, in the order they were recorded.
    var campaignEvents: [ObjectId: [CampaignAction]] = [:]
    var apiKeys = APIKeyTable()
    /// Counted under the address of `#function`'s static text: hashing the text itself on every
    /// operation was a visible share of the benchmark's CPU.
    private var countsByFunction: [UnsafeRawPointer: (name: StaticString, count: Int)] = [:]
    /// When set, every operation fails with it: lets tests exercise database outages.
    private var injectedFailure: StoreError?

    public init() {}

    /// Operations served, by method; benchmarks divide them by calls placed.
    public var operationCounts: [String: Int] {
        lock.withLock {
            countsByFunction.reduce(into: [:]) { counts, entry in
                counts[String(entry.value.name.description.prefix { $0 != "(" }), default: 0] += entry.value.count
            }
        }
    }

    public var operationCount: Int { operationCounts.values.reduce(0, +) }

    public func failAllOperations(with error: StoreError?) { lock.withLock { injectedFailure = error } }

    /// One operation: counted, failed if a failure is injected, and run under the lock.
    func locked<T>(_ operation: StaticString = #function, _ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        countsByFunction[UnsafeRawPointer(operation.utf8Start), default: (operation, 0)].count += 1
        if let injectedFailure { throw injectedFailure }
        return try body()
    }

    // MARK: Campaigns

    public nonisolated(nonsending) func insertCampaign(_ campaign: Campaign) async throws -> ObjectId {
        try locked {
            var stored = campaign
            let id = campaign.id ?? ObjectId()
            if campaigns[id] != nil { throw StoreError.duplicateKey(collection: "campaigns", index: "_id_", key: id.hex) }
            stored.id = id
            campaigns[id] = stored
            return id
        }
    }

    public nonisolated(nonsending) func campaign(id: ObjectId) async throws -> Campaign? {
        try locked {
            return campaigns[id]
        }
    }

    public nonisolated(nonsending) func campaignWithoutIdLists(id: ObjectId) async throws -> Campaign? {
        try locked {
            campaigns[id]?.withoutIdLists()
        }
    }

    public nonisolated(nonsending) func listCampaigns(statuses: [CampaignStatus]?, page: PageRequest) async throws -> Page<Campaign> {
        try locked {
            let matching = campaigns.values
                .filter { statuses?.contains($0.status) ?? true }
                .sorted { ($0.createdAt, $0.id!) > ($1.createdAt, $1.id!) }
            return paginate(matching, page)
        }
    }

    public nonisolated(nonsending) func dueCampaigns(now: Date, leasableBy owner: String, excluding: [ObjectId], limit: Int) async throws
        -> [Campaign]
    {
        try locked {
            // Sort the keys, not the campaigns: comparing copies of whole campaigns made this poll,
            // which the scheduler runs every poll interval, cost more than the calls it starts.
            let skipped = Set(excluding)
            var due: [(at: Date, id: ObjectId)] = []
            for (id, campaign) in campaigns
            where campaign.status == .active && (campaign.nextExecution ?? .distantPast) <= now
                && campaign.isLeasable(by: owner, at: now) && !skipped.contains(id)
            {
                due.append((campaign.nextExecution ?? .distantPast, id))
            }
            due.sort { ($0.at, $0.id) < ($1.at, $1.id) }
            var runnable: [Campaign] = []
            for entry in due where runnable.count < limit {
                guard let campaign = campaigns[entry.id] else { continue }
                // Under the lock, the judging and the set-aside are one step, as Mongo's compare-and-set makes them.
                let issues = campaign.validate()
                if issues.isEmpty { runnable.append(campaign) } else { setAside(entry.id, reason: Campaign.setAsideReason(issues), now: now) }
            }
            return runnable
        }
    }

    private func setAside(_ id: ObjectId, reason: String, now: Date) {
        campaigns[id]?.status = .paused
        campaigns[id]?.lastError = reason
        campaigns[id]?.lastErrorAt = now
        campaigns[id]?.updatedAt = now
    }

    public nonisolated(nonsending) func acquireCampaignLease(id: ObjectId, owner: String, now: Date, until: Date) async throws -> Campaign? {
        try locked {
            guard var campaign = campaigns[id], campaign.status == .active, campaign.isLeasable(by: owner, at: now) else { return nil }
            campaign.leaseOwner = owner
            campaign.leaseUntil = until
            campaign.updatedAt = now
            campaigns[id] = campaign
            return campaign
        }
    }

    public nonisolated(nonsending) func releaseCampaignLease(id: ObjectId, owner: String) async throws {
        try locked {
            guard var campaign = campaigns[id], campaign.leaseOwner == owner else { return }
            campaign.leaseOwner = nil
            campaign.leaseUntil = nil
            campaigns[id] = campaign
        }
    }

    public nonisolated(nonsending) func transitionCampaign(id: ObjectId, from: [CampaignStatus], to: CampaignStatus, now: Date) async throws
        -> Campaign?
    {
        try locked {
            guard var campaign = campaigns[id], from.contains(campaign.status) else { return nil }
            campaign.status = to
            campaign.lastError = nil
            campaign.lastErrorAt = nil
            campaign.pauseReason = nil
            campaign.updatedAt = now
            campaigns[id] = campaign
            return campaign
        }
    }

    public nonisolated(nonsending) func setCampaignSchedule(id: ObjectId, nextExecution: Date?, lastExecuted: Date?, now: Date) async throws {
        try locked {
            guard var campaign = campaigns[id] else { return }
            campaign.nextExecution = nextExecution
            if let lastExecuted { campaign.lastExecuted = lastExecuted }
            campaign.updatedAt = now
            campaigns[id] = campaign
        }
    }

    public nonisolated(nonsending) func pauseCampaigns(_ target: PauseTarget, reason: String, now: Date) async throws -> Int {
        try locked {
            let paused = campaigns.values.filter { $0.status == .active && target.covers($0) }.compactMap(\.id)
            for id in paused {
                campaigns[id]?.status = .paused
                campaigns[id]?.pauseReason = reason
                campaigns[id]?.updatedAt = now
            }
            return paused.count
        }
    }

    public nonisolated(nonsending) func setTotalContacts(id: ObjectId, _ total: Int, now: Date) async throws {
        try locked {
            campaigns[id]?.stats.totalContacts = total
            campaigns[id]?.updatedAt = now
        }
    }

    public nonisolated(nonsending) func admitCall(campaignId: ObjectId, owner: String, callId: ObjectId, now: Date) async throws -> Campaign? {
        try locked {
            guard campaigns[campaignId].map({ $0.status == .active && $0.leaseOwner == owner }) == true else { return nil }
            // In place: a copy taken out and written back copies the growing callIds on every append.
            campaigns[campaignId]!.stats.callsPlaced += 1
            campaigns[campaignId]!.callIds.append(callId)
            campaigns[campaignId]!.updatedAt = now
            return campaigns[campaignId]!.withoutIdLists()
        }
    }

    public nonisolated(nonsending) func withdrawCall(campaignId: ObjectId, contactId: ObjectId, callId: ObjectId, now: Date) async throws {
        try locked {
            if var campaign = campaigns[campaignId], let index = campaign.callIds.firstIndex(of: callId) {
                campaign.callIds.remove(at: index)
                campaign.stats.callsPlaced -= 1
                campaign.updatedAt = now
                campaigns[campaignId] = campaign
            }
            if var contact = contacts[contactId], let index = contact.callIds.firstIndex(of: callId) {
                contact.callIds.remove(at: index)
                contact.callCount -= 1
                contact.updatedAt = now
                contacts[contactId] = contact
            }
        }
    }

    public nonisolated(nonsending) func completeCampaign(id: ObjectId, recount: CampaignStats, now: Date) async throws -> Bool {
        try locked {
            guard var campaign = campaigns[id], campaign.status == .active else { return false }
            campaign.stats = campaign.stats.replacingCounters(with: recount)
            campaign.status = .completed
            campaign.lastExecuted = now
            campaign.nextExecution = nil
            campaign.updatedAt = now
            campaigns[id] = campaign
            return true
        }
    }

    public nonisolated(nonsending) func incrementStats(campaignId: ObjectId, _ delta: StatsDelta, appendCallId: ObjectId?, now: Date) async throws {
        try locked {
            guard let status = campaigns[campaignId]?.status, status != .completed else { return }
            campaigns[campaignId]!.stats.apply(delta)
            if let appendCallId { campaigns[campaignId]!.callIds.append(appendCallId) }
            campaigns[campaignId]!.updatedAt = now
        }
    }

    // MARK: Contacts

    public nonisolated(nonsending) func insertContacts(_ newContacts: [Contact]) async throws -> [ObjectId] {
        try locked {
            var ids: [ObjectId] = []
            for contact in newContacts {
                let id = contact.id ?? ObjectId()
                if contacts[id] != nil { throw StoreError.duplicateKey(collection: "contacts", index: "_id_", key: id.hex) }
                let samePhone = (contactsByPhone[contact.phoneNumber] ?? []).compactMap { contacts[$0] }
                if let clash = samePhone.first(where: { !Set($0.campaignIds).isDisjoint(with: contact.campaignIds) }) {
                    throw StoreError.duplicateKey(collection: "contacts", index: "phoneNumber_1_campaignIds_1", key: clash.phoneNumber)
                }
                var stored = contact
                stored.id = id
                saveContact(stored, replacing: nil)
                ids.append(id)
            }
            return ids
        }
    }

    public nonisolated(nonsending) func contact(id: ObjectId) async throws -> Contact? {
        try locked {
            return contacts[id]
        }
    }

    public nonisolated(nonsending) func updateContact(_ contact: Contact, now: Date) async throws -> Bool {
        try locked {
            guard let id = contact.id, contacts[id] != nil else { return false }
            var stored = contact
            stored.updatedAt = now
            saveContact(stored, replacing: contacts[id])
            return true
        }
    }

    public nonisolated(nonsending) func listContacts(_ filter: ContactFilter, campaign: Campaign?, page: PageRequest) async throws -> Page<Contact> {
        try locked {
            paginate(matchingContacts(filter, campaign: campaign), page)
        }
    }

    /// The contacts `filter` selects, in (`createdAt`, `_id`) order; a campaign's from its indexes.
    func matchingContacts(_ filter: ContactFilter, campaign: Campaign?) -> [Contact] {
        let listed = Set(campaign?.contactIds ?? [])
        let candidates: [Contact] =
            if let campaignId = filter.campaignId {
                (contactsByCampaign[campaignId, default: []].union(listed)).compactMap { contacts[$0] }
            } else {
                Array(contacts.values)
            }
        return candidates.filter { filter.matches($0, listed: listed) }.sorted { ($0.createdAt, $0.id!) < ($1.createdAt, $1.id!) }
    }

    /// Writes a contact whose campaigns or phone number may change, keeping their indexes in step.
    func saveContact(_ contact: Contact, replacing old: Contact?) {
        let id = contact.id!
        if let old {
            for campaignId in old.campaignIds { contactsByCampaign[campaignId]?.remove(id) }
            contactsByPhone[old.phoneNumber]?.remove(id)
        }
        contacts[id] = contact
        for campaignId in contact.campaignIds { contactsByCampaign[campaignId, default: []].insert(id) }
        contactsByPhone[contact.phoneNumber, default: []].insert(id)
    }

    public nonisolated(nonsending) func beginContactCall(contactId: ObjectId, callId: ObjectId, at: Date) async throws -> Contact? {
        try locked {
            guard contacts[contactId].map({ $0.status == .active }) == true else { return nil }
            // In place, as in admitCall.
            contacts[contactId]!.callCount += 1
            contacts[contactId]!.callIds.append(callId)
            contacts[contactId]!.lastContacted = at
            contacts[contactId]!.updatedAt = at
            return contacts[contactId]
        }
    }

    public nonisolated(nonsending) func setContactResult(contactId: ObjectId, lastCallResult: String?, nextAttemptAt: Date?, now: Date) async throws {
        try locked {
            guard var contact = contacts[contactId] else { return }
            contact.lastCallResult = lastCallResult
            contact.nextAttemptAt = nextAttemptAt
            contact.updatedAt = now
            contacts[contactId] = contact
        }
    }

    // MARK: Dialing progress

    public nonisolated(nonsending) func enroll(_ entries: [DialProgress]) async throws -> Int {
        try locked { insertMissingProgress(entries) }
    }

    /// `enroll` inside the lock.
    func insertMissingProgress(_ entries: [DialProgress]) -> Int {
        var created = 0
        for entry in entries where progressByCampaign[entry.campaignId]?[entry.contactId] == nil {
            var stored = entry
            let id = entry.id ?? ObjectId()
            stored.id = id
            saveProgress(stored, replacing: nil)
            progressByCampaign[entry.campaignId, default: [:]][entry.contactId] = id
            created += 1
        }
        return created
    }

    /// Removes a progress entry and keeps the indexes and claim queues in step.
    func removeProgress(_ entry: DialProgress) {
        progress[entry.id!] = nil
        progressByCampaign[entry.campaignId]?[entry.contactId] = nil
        if entry.state.isClaimable { claimQueues[entry.campaignId]?.remove(entry) }
    }

    public nonisolated(nonsending) func claimNextContact(_ request: ClaimRequest) async throws -> DialProgress? {
        try locked {
            let due = claimQueues[request.campaignId]?.first { id in
                guard let entry = progress[id] else { return false }
                return entry.isClaimable(at: request.now)
                    && request.openTimeZones.map({ zones in entry.timeZone.map(zones.contains) ?? false }) ?? true
            }
            guard let original = due.flatMap({ progress[$0] }) else { return nil }
            var claimed = original
            claimed.state = .calling
            claimed.attempts += 1
            claimed.currentAttemptId = request.attemptId
            claimed.currentCallId = request.callId
            claimed.claimedBy = request.owner
            claimed.claimedAt = request.now
            claimed.updatedAt = request.now
            saveProgress(claimed, replacing: original)
            return claimed
        }
    }

    public nonisolated(nonsending) func finishClaim(campaignId: ObjectId, contactId: ObjectId, attemptId: String, outcome: DialOutcome, now: Date)
        async throws -> Bool
    {
        try locked {
            guard let original = progressByCampaign[campaignId]?[contactId].flatMap({ progress[$0] }),
                original.state == .calling, original.currentAttemptId == attemptId
            else { return false }
            var entry = original
            entry.state = outcome.state
            entry.nextAttemptAt = outcome.nextAttemptAt
            entry.attempts += outcome.attemptsDelta
            if let result = outcome.lastCallResult { entry.lastCallResult = result }
            if let reason = outcome.skipReason { entry.skipReason = reason }
            entry.claimedBy = nil
            entry.updatedAt = now
            saveProgress(entry, replacing: original)
            return true
        }
    }

    public nonisolated(nonsending) func dialProgress(campaignId: ObjectId, contactId: ObjectId) async throws -> DialProgress? {
        try locked {
            return progressByCampaign[campaignId]?[contactId].flatMap { progress[$0] }
        }
    }

    /// Every write of an entry goes through here, so the claim queues stay in step.
    func saveProgress(_ entry: DialProgress, replacing old: DialProgress?) {
        progress[entry.id!] = entry
        if let old, old.state.isClaimable { claimQueues[old.campaignId]?.remove(old) }
        if entry.state.isClaimable { claimQueues[entry.campaignId, default: ClaimQueue()].insert(entry) }
    }

    func campaignProgress(_ campaignId: ObjectId) -> [DialProgress] {
        (progressByCampaign[campaignId] ?? [:]).values.compactMap { progress[$0] }
    }

    public nonisolated(nonsending) func dialStateCounts(campaignId: ObjectId) async throws -> [DialState: Int] {
        try locked {
            var counts: [DialState: Int] = [:]
            for entry in campaignProgress(campaignId) { counts[entry.state, default: 0] += 1 }
            return counts
        }
    }

    public nonisolated(nonsending) func pendingTimeZones(campaignId: ObjectId) async throws -> [String?] {
        try locked {
            let zones = Set(campaignProgress(campaignId).filter { $0.state.isClaimable }.map(\.timeZone))
            return zones.sorted { ($0 ?? "") < ($1 ?? "") }
        }
    }

    public nonisolated(nonsending) func staleClaims(olderThan: Date, after: ScanCursor?, limit: Int) async throws -> ScanPage<DialProgress> {
        try locked {
            Self.scanPage(
                progress.values.filter { $0.state == .calling && ($0.claimedAt ?? .distantPast) < olderThan },
                at: { ScanCursor(time: $0.claimedAt ?? .distantPast, id: $0.id!) }, after: after, limit: limit)
        }
    }

    public nonisolated(nonsending) func earliestRetry(campaignId: ObjectId) async throws -> Date? {
        try locked {
            return campaignProgress(campaignId).filter { $0.state == .retry }.compactMap(\.nextAttemptAt).min()
        }
    }

    // MARK: Calls

    public nonisolated(nonsending) func insertCall(_ call: Call) async throws -> ObjectId {
        try locked {
            let id = call.id ?? ObjectId()
            if calls[id] != nil { throw StoreError.duplicateKey(collection: "calls", index: "_id_", key: id.hex) }
            if callIdByKey[.attemptId(call.attemptId)] != nil {
                throw StoreError.duplicateKey(collection: "calls", index: "attemptId_1", key: call.attemptId)
            }
            if let sid = call.callSid, callIdByKey[.callSid(sid)] != nil {
                throw StoreError.duplicateKey(collection: "calls", index: "callSid_1", key: sid)
            }
            var stored = call
            stored.id = id
            store(stored, replacing: nil)
            return id
        }
    }

    func callId(_ key: CallKey) -> ObjectId? {
        guard case .unboundAttempt(let attemptId, let kind) = key else { return callIdByKey[key] }
        guard let id = callIdByKey[.attemptId(attemptId)], calls[id]?.providerId(kind) == nil else { return nil }
        return id
    }

    /// Writes a call and keeps the lookup and live-call indexes in step. Only what changed from
    /// `old` is re-indexed: a call is written three times or more, and its attempt id and
    /// campaign never change.
    func store(_ call: Call, replacing old: Call?) {
        let id = call.id!
        calls[id] = call
        if old == nil { callIdByKey[.attemptId(call.attemptId)] = id }
        if let v = call.callSid, v != old?.callSid { callIdByKey[.callSid(v)] = id }
        if let v = call.conversationId, v != old?.conversationId { callIdByKey[.conversationId(v)] = id }
        if let v = call.providerCallId, v != old?.providerCallId { callIdByKey[.providerCallId(v)] = id }
        guard let campaignId = call.campaignId else { return }
        if old == nil { callsByCampaign[campaignId, default: []].insert(id) }
        guard old?.status.isTerminal != call.status.isTerminal else { return }
        if call.status.isTerminal { liveCallsByCampaign[campaignId]?.remove(id) } else { liveCallsByCampaign[campaignId, default: []].insert(id) }
    }

    public nonisolated(nonsending) func call(_ key: CallKey) async throws -> Call? {
        try locked {
            return callId(key).flatMap { calls[$0] }
        }
    }

    public nonisolated(nonsending) func advanceCall(_ key: CallKey, to status: CallStatus?, fields: CallFields, now: Date) async throws -> CallAdvance
    {
        try locked {
            guard let id = callId(key), let old = calls[id] else { return .notFound }
            var call = old
            if let status, status.rank <= call.status.rank { return .stale(call) }
            if let sid = fields.callSid, sid != call.callSid, callIdByKey[.callSid(sid)] != nil {
                throw StoreError.duplicateKey(collection: "calls", index: "callSid_1", key: sid)
            }
            if let status { call.status = status }
            call.apply(fields)
            call.updatedAt = now
            store(call, replacing: old)
            return .advanced(call)
        }
    }

    public nonisolated(nonsending) func listCalls(_ filter: CallFilter, sort: SortOrder, page: PageRequest) async throws -> Page<Call> {
        try locked {
            let candidates: [Call] =
                if let campaignId = filter.campaignId {
                    (callsByCampaign[campaignId] ?? []).compactMap { calls[$0] }
                } else {
                    Array(calls.values)
                }
            let matching = candidates.filter { filter.matches($0) }.sorted {
                sort == .newestFirst ? ($0.createdAt, $0.id!) > ($1.createdAt, $1.id!) : ($0.createdAt, $0.id!) < ($1.createdAt, $1.id!)
            }
            return paginate(matching, page)
        }
    }

    public nonisolated(nonsending) func countCalls(_ filter: CallFilter) async throws -> Int {
        try locked {
            return calls.values.filter { filter.matches($0) }.count
        }
    }

    public nonisolated(nonsending) func countInFlightCalls(campaignId: ObjectId) async throws -> Int {
        try locked {
            return liveCallsByCampaign[campaignId]?.count ?? 0
        }
    }

    public nonisolated(nonsending) func staleCalls(olderThan: Date, after: ScanCursor?, limit: Int) async throws -> ScanPage<Call> {
        try locked {
            Self.scanPage(
                calls.values.filter { !$0.status.isTerminal && $0.createdAt < olderThan },
                at: { ScanCursor(time: $0.createdAt, id: $0.id!) }, after: after, limit: limit)
        }
    }

    /// The page of `matching` after `after` in cursor order; a full page names where the next starts.
    static func scanPage<T>(
        _ matching: some Sequence<T>, at cursor: (T) -> ScanCursor, after: ScanCursor?,
        limit: Int
    ) -> ScanPage<T> {
        let page = matching.map { (cursor($0), $0) }.filter { entry in after.map { entry.0 > $0 } ?? true }.sorted { $0.0 < $1.0 }.prefix(
            max(1, limit))
        return ScanPage(items: page.map(\.1), next: page.count == max(1, limit) ? page.last?.0 : nil)
    }

    // MARK: Events, recordings, transcripts

    public nonisolated(nonsending) func appendCallEvent(_ event: CallEvent) async throws -> Bool {
        try locked {
            guard events[event.eventKey] == nil else { return false }
            var stored = event
            stored.id = event.id ?? ObjectId()
            events[event.eventKey] = stored
            return true
        }
    }

    public nonisolated(nonsending) func callEvents(callSid: String) async throws -> [CallEvent] {
        try locked {
            return events.values.filter { $0.callSid == callSid }.sorted { ($0.timestamp, $0.id!) < ($1.timestamp, $1.id!) }
        }
    }

    public nonisolated(nonsending) func upsertRecording(_ recording: Recording) async throws {
        try locked {
            Self.upsert(recording, into: &recordingsBySid, key: recording.recordingSid, id: \.id, createdAt: \.createdAt)
        }
    }

    public nonisolated(nonsending) func recordings(callSid: String) async throws -> [Recording] {
        try locked {
            return recordingsBySid.values.filter { $0.callSid == callSid }.sorted { $0.createdAt < $1.createdAt }
        }
    }

    public nonisolated(nonsending) func upsertTranscript(_ transcript: Transcript) async throws {
        try locked {
            Self.upsert(transcript, into: &transcriptsBySid, key: transcript.callSid, id: \.id, createdAt: \.createdAt)
        }
    }

    public nonisolated(nonsending) func transcript(callSid: String) async throws -> Transcript? {
        try locked {
            return transcriptsBySid[callSid]
        }
    }

    // MARK: Outbound event webhooks

    public nonisolated(nonsending) func enqueueDelivery(_ delivery: WebhookDelivery) async throws -> Bool {
        try locked {
            guard deliveries[delivery.id] == nil else { return false }
            deliveries[delivery.id] = delivery
            return true
        }
    }

    public nonisolated(nonsending) func claimDelivery(now: Date, owner: String, leaseUntil: Date) async throws -> WebhookDelivery? {
        try locked {
            let due = deliveries.values.filter { $0.state == .pending && $0.nextAttemptAt <= now }
            guard var first = due.min(by: { ($0.nextAttemptAt, $0.createdAt) < ($1.nextAttemptAt, $1.createdAt) }) else { return nil }
            first.claim = UUID().uuidString
            first.claimedBy = owner
            first.nextAttemptAt = leaseUntil
            first.attempts += 1
            first.updatedAt = now
            deliveries[first.id] = first
            return first
        }
    }

    public nonisolated(nonsending) func settleDelivery(key: String, claim: String, _ settlement: DeliverySettlement, now: Date) async throws -> Bool {
        try locked {
            guard var delivery = deliveries[key], delivery.state == .pending, delivery.claim == claim else { return false }
            delivery.claim = nil
            delivery.updatedAt = now
            switch settlement {
            case .delivered(let status):
                delivery.state = .delivered
                delivery.lastStatus = status
                delivery.deliveredAt = now
            case .retry(let at, let status, let error):
                delivery.nextAttemptAt = at
                delivery.lastStatus = status
                delivery.lastError = error
            case .gaveUp(let status, let error):
                delivery.state = .failed
                delivery.lastStatus = status
                delivery.lastError = error
            }
            deliveries[key] = delivery
            return true
        }
    }

    public nonisolated(nonsending) func withdrawDelivery(key: String) async throws {
        try locked {
            guard let delivery = deliveries[key], delivery.state == .pending, delivery.attempts == 0 else { return }
            deliveries[key] = nil
        }
    }

    public nonisolated(nonsending) func delivery(key: String) async throws -> WebhookDelivery? {
        try locked { deliveries[key] }
    }

    public nonisolated(nonsending) func nextDeliveryDue() async throws -> Date? {
        try locked { deliveries.values.filter { $0.state == .pending }.map(\.nextAttemptAt).min() }
    }

    public nonisolated(nonsending) func ping() async throws { try locked {} }

    // MARK: Suppression list

    public nonisolated(nonsending) func suppress(_ entries: [Suppression]) async throws -> [String] {
        try locked { suppressions.suppress(entries) }
    }

    public nonisolated(nonsending) func activeSuppression(phoneNumber: String) async throws -> Suppression? {
        try locked { suppressions.active(phoneNumber) }
    }

    public nonisolated(nonsending) func suppressedNumbers(among phoneNumbers: [String]) async throws -> Set<String> {
        try locked { suppressions.suppressed(among: phoneNumbers) }
    }

    public nonisolated(nonsending) func liftSuppression(phoneNumber: String, by: String, reason: String, now: Date) async throws -> Suppression? {
        try locked { suppressions.lift(phoneNumber, by: by, reason: reason, now: now) }
    }

    public nonisolated(nonsending) func listSuppressions(_ filter: SuppressionFilter, page: PageRequest) async throws -> Page<Suppression> {
        try locked { paginate(suppressions.matching(filter), page) }
    }

    /// An upsert by natural key keeps the stored document's id and creation time, as Mongo's does.
    private static func upsert<T>(
        _ document: T, into table: inout [String: T], key: String,
        id: WritableKeyPath<T, ObjectId?>, createdAt: WritableKeyPath<T, Date>
    ) {
        var stored = document
        if let existing = table[key] {
            stored[keyPath: id] = existing[keyPath: id]
            stored[keyPath: createdAt] = existing[keyPath: createdAt]
        } else {
            stored[keyPath: id] = document[keyPath: id] ?? ObjectId()
        }
        table[key] = stored
    }

    func paginate<T>(_ items: [T], _ page: PageRequest) -> Page<T> {
        Page(items: Array(items.dropFirst(page.offset).prefix(page.limit)), total: items.count, request: page)
    }
}

extension Campaign {
    /// What `admitCall` and `campaignWithoutIdLists` return.
    func withoutIdLists() -> Campaign {
        var slim = self
        slim.callIds = []
        slim.contactIds = []
        return slim
    }
}

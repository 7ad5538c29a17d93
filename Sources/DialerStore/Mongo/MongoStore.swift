import DialerCore
import Foundation

/// `CampaignStore` on MongoDB through libmongoc.
public final class MongoStore: CampaignStore {
    public let connection: MongoConnection
    private let encoder = BSONEncoder()
    private let decoder = BSONDecoder()

    public init(connection: MongoConnection) {
        self.connection = connection
    }

    public convenience init(uri: String = MongoConnection.defaultURI) throws {
        self.init(connection: try MongoConnection(uri: uri))
    }

    // MARK: Plumbing

    @discardableResult
    func on<T: Sendable>(_ collection: String, _ body: @escaping @Sendable (OpaquePointer) throws -> T) async throws -> T {
        try await connection.withCollection(collection, body)
    }

    func decode<T: Decodable>(_ type: T.Type, _ document: BSONDocument, from collection: String) throws -> T {
        do {
            return try decoder.decode(type, from: document)
        } catch let error as DecodingError {
            throw StoreError.badDocument(collection: collection, path: error.fieldPath, reason: error.reason)
        }
    }

    func decodeAll<T: Decodable>(_ type: T.Type, _ documents: [BSONDocument], from collection: String) throws -> [T] {
        try documents.map { try decode(type, $0, from: collection) }
    }

    func encode<T: Encodable>(_ value: T) throws -> BSONDocument { try encoder.encode(value) }

    func page<T: Decodable & Sendable>(
        _ type: T.Type, _ collection: String, filter: BSONDocument, sort: BSONDocument,
        _ request: PageRequest
    ) async throws -> Page<T> {
        let (documents, total) = try await on(collection) { c in
            (
                try MongoOperations.find(c, filter: filter, sort: sort, skip: request.offset, limit: request.limit),
                try MongoOperations.count(c, filter: filter)
            )
        }
        return Page(items: try decodeAll(type, documents, from: collection), total: total, request: request)
    }

    // MARK: Campaigns

    public func insertCampaign(_ campaign: Campaign) async throws -> ObjectId {
        var stored = campaign
        let id = campaign.id ?? ObjectId()
        stored.id = id
        let document = try encode(stored)
        try await on(Collections.campaigns) { try MongoOperations.insertOne($0, document) }
        return id
    }

    public func campaign(id: ObjectId) async throws -> Campaign? {
        let document = try await on(Collections.campaigns) { try MongoOperations.findOne($0, filter: ["_id": .objectId(id)]) }
        return try document.map { try decode(Campaign.self, $0, from: Collections.campaigns) }
    }

    public func campaignWithoutIdLists(id: ObjectId) async throws -> Campaign? {
        let document = try await on(Collections.campaigns) {
            try MongoOperations.findOne($0, filter: ["_id": .objectId(id)], projection: Self.withoutIdLists)
        }
        return try document.map { try decode(Campaign.self, $0, from: Collections.campaigns) }
    }

    /// Leaves out the campaign's id lists, which grow with it: see `campaignWithoutIdLists`.
    private static let withoutIdLists: BSONDocument = ["callIds": 0, "contactIds": 0]

    public func listCampaigns(statuses: [CampaignStatus]?, page request: PageRequest) async throws -> Page<Campaign> {
        var filter = BSONDocument()
        if let statuses { filter["status"] = ["$in": .array(statuses.map { .string($0.rawValue) })] }
        return try await page(Campaign.self, Collections.campaigns, filter: filter, sort: ["createdAt": -1, "_id": -1], request)
    }

    public func acquireCampaignLease(id: ObjectId, owner: String, now: Date, until: Date) async throws -> Campaign? {
        let filter = (["_id": .objectId(id), "status": "active"] as BSONDocument).merging(CampaignQueries.leasable(by: owner, at: now))
        let update: BSONDocument = ["$set": ["leaseOwner": .string(owner), "leaseUntil": .date(until), "updatedAt": .date(now)]]
        let document = try await on(Collections.campaigns) {
            try MongoOperations.findOneAndUpdate($0, filter: filter, sort: nil, update: update)
        }
        return try document.map { try decode(Campaign.self, $0, from: Collections.campaigns) }
    }

    public func releaseCampaignLease(id: ObjectId, owner: String) async throws {
        let filter: BSONDocument = ["_id": .objectId(id), "leaseOwner": .string(owner)]
        try await on(Collections.campaigns) {
            try MongoOperations.updateOne($0, filter: filter, update: ["$unset": ["leaseOwner": "", "leaseUntil": ""]])
        }
    }

    public func transitionCampaign(id: ObjectId, from: [CampaignStatus], to: CampaignStatus, now: Date) async throws -> Campaign? {
        let filter: BSONDocument = ["_id": .objectId(id), "status": ["$in": .array(from.map { .string($0.rawValue) })]]
        let update: BSONDocument = [
            "$set": ["status": .string(to.rawValue), "updatedAt": .date(now)], "$unset": ["lastError": "", "lastErrorAt": "", "pauseReason": ""]
        ]
        let document = try await on(Collections.campaigns) {
            try MongoOperations.findOneAndUpdate($0, filter: filter, sort: nil, update: update)
        }
        return try document.map { try decode(Campaign.self, $0, from: Collections.campaigns) }
    }

    public func setCampaignSchedule(id: ObjectId, nextExecution: Date?, lastExecuted: Date?, now: Date) async throws {
        var set: BSONDocument = ["updatedAt": .date(now)]
        if let lastExecuted { set["lastExecuted"] = .date(lastExecuted) }
        var update: BSONDocument = [:]
        if let nextExecution { set["nextExecution"] = .date(nextExecution) } else { update["$unset"] = ["nextExecution": ""] }
        update["$set"] = .document(set)
        let filter: BSONDocument = ["_id": .objectId(id)]
        try await on(Collections.campaigns) { [update] in try MongoOperations.updateOne($0, filter: filter, update: .document(update)) }
    }

    public func pauseCampaigns(_ target: PauseTarget, reason: String, now: Date) async throws -> Int {
        var filter: BSONDocument = ["status": .string(CampaignStatus.active.rawValue)]
        switch target {
        case .campaign(let id):
            filter["_id"] = .objectId(id)
        case .provider(let kind) where kind == .twilio:
            filter["$or"] = [["provider": .string(kind.rawValue)], ["provider": .null]]
        case .provider(let kind):
            filter["provider"] = .string(kind.rawValue)
        }
        let update: BSONDocument = [
            "$set": ["status": .string(CampaignStatus.paused.rawValue), "pauseReason": .string(reason), "updatedAt": .date(now)]
        ]
        let reply = try await on(Collections.campaigns) { [filter] in
            try MongoOperations.updateMany($0, filter: filter, update: .document(update))
        }
        return reply["modifiedCount"]?.intValue ?? 0
    }

    public func setTotalContacts(id: ObjectId, _ total: Int, now: Date) async throws {
        let update: BSONDocument = ["$set": ["stats.totalContacts": .int(total), "updatedAt": .date(now)]]
        try await on(Collections.campaigns) { try MongoOperations.updateOne($0, filter: ["_id": .objectId(id)], update: .document(update)) }
    }

    public func admitCall(campaignId: ObjectId, owner: String, callId: ObjectId, now: Date) async throws -> Campaign? {
        let filter: BSONDocument = ["_id": .objectId(campaignId), "status": "active", "leaseOwner": .string(owner)]
        let update: BSONDocument = [
            "$inc": ["stats.callsPlaced": 1], "$push": ["callIds": .objectId(callId)], "$set": ["updatedAt": .date(now)]
        ]
        let document = try await on(Collections.campaigns) {
            try MongoOperations.findOneAndUpdate($0, filter: filter, sort: nil, update: update, projection: Self.withoutIdLists)
        }
        return try document.map { try decode(Campaign.self, $0, from: Collections.campaigns) }
    }

    public func withdrawCall(campaignId: ObjectId, contactId: ObjectId, callId: ObjectId, now: Date) async throws {
        let campaignUpdate: BSONDocument = [
            "$inc": ["stats.callsPlaced": -1], "$pull": ["callIds": .objectId(callId)], "$set": ["updatedAt": .date(now)]
        ]
        try await on(Collections.campaigns) {
            try MongoOperations.updateOne($0, filter: ["_id": .objectId(campaignId), "callIds": .objectId(callId)], update: .document(campaignUpdate))
        }
        let contactUpdate: BSONDocument = [
            "$inc": ["callCount": -1], "$pull": ["callIds": .objectId(callId)], "$set": ["updatedAt": .date(now)]
        ]
        try await on(Collections.contacts) {
            try MongoOperations.updateOne($0, filter: ["_id": .objectId(contactId), "callIds": .objectId(callId)], update: .document(contactUpdate))
        }
    }

    public func completeCampaign(id: ObjectId, recount: CampaignStats, now: Date) async throws -> Bool {
        let filter: BSONDocument = ["_id": .objectId(id), "status": "active"]
        let set: [(String, BSONValue)] = [
            ("status", .string(CampaignStatus.completed.rawValue)), ("lastExecuted", .date(now)), ("updatedAt", .date(now))
        ]
        let update: BSONDocument = [
            "$set": .document(BSONDocument(set + (try CampaignQueries.recountedStats(recount)))), "$unset": ["nextExecution": ""]
        ]
        let document = try await on(Collections.campaigns) {
            try MongoOperations.findOneAndUpdate($0, filter: filter, sort: nil, update: update)
        }
        return document != nil
    }

    public func incrementStats(campaignId: ObjectId, _ delta: StatsDelta, appendCallId: ObjectId?, now: Date) async throws {
        let update = CampaignQueries.statsIncrement(delta, appendCallId: appendCallId, now: now)
        let filter: BSONDocument = ["_id": .objectId(campaignId), "status": ["$ne": .string(CampaignStatus.completed.rawValue)]]
        try await on(Collections.campaigns) { try MongoOperations.updateOne($0, filter: filter, update: update) }
    }

    // MARK: Contacts

    public func insertContacts(_ contacts: [Contact]) async throws -> [ObjectId] {
        var ids: [ObjectId] = []
        var documents: [BSONDocument] = []
        for contact in contacts {
            var stored = contact
            let id = contact.id ?? ObjectId()
            stored.id = id
            ids.append(id)
            documents.append(try encode(stored))
        }
        try await on(Collections.contacts) { [documents] in try MongoOperations.insertMany($0, documents) }
        return ids
    }

    public func contact(id: ObjectId) async throws -> Contact? {
        let document = try await on(Collections.contacts) { try MongoOperations.findOne($0, filter: ["_id": .objectId(id)]) }
        return try document.map { try decode(Contact.self, $0, from: Collections.contacts) }
    }

    public func updateContact(_ contact: Contact, now: Date) async throws -> Bool {
        guard let id = contact.id else { return false }
        var stored = contact
        stored.updatedAt = now
        var set = try encode(stored)
        set["_id"] = nil
        let update: BSONDocument = ["$set": .document(set)]
        let reply = try await on(Collections.contacts) {
            try MongoOperations.updateOne($0, filter: ["_id": .objectId(id)], update: .document(update))
        }
        return (reply["matchedCount"]?.intValue ?? 0) > 0
    }

    public func listContacts(_ filter: ContactFilter, campaign: Campaign?, page request: PageRequest) async throws -> Page<Contact> {
        let query = ContactQueries.filter(filter, campaign: campaign)
        return try await page(Contact.self, Collections.contacts, filter: query, sort: ["createdAt": 1, "_id": 1], request)
    }

    public func beginContactCall(contactId: ObjectId, callId: ObjectId, at: Date) async throws -> Contact? {
        let filter: BSONDocument = ["_id": .objectId(contactId), "status": "active"]
        let update: BSONDocument = [
            "$inc": ["callCount": 1], "$push": ["callIds": .objectId(callId)],
            "$set": ["lastContacted": .date(at), "updatedAt": .date(at)]
        ]
        let document = try await on(Collections.contacts) {
            try MongoOperations.findOneAndUpdate($0, filter: filter, sort: nil, update: update)
        }
        return try document.map { try decode(Contact.self, $0, from: Collections.contacts) }
    }

    public func setContactResult(contactId: ObjectId, lastCallResult: String?, nextAttemptAt: Date?, now: Date) async throws {
        var set: BSONDocument = ["updatedAt": .date(now)]
        var unset = BSONDocument()
        if let lastCallResult { set["lastCallResult"] = .string(lastCallResult) } else { unset["lastCallResult"] = "" }
        if let nextAttemptAt { set["nextAttemptAt"] = .date(nextAttemptAt) } else { unset["nextAttemptAt"] = "" }
        var update: BSONDocument = ["$set": .document(set)]
        if !unset.isEmpty { update["$unset"] = .document(unset) }
        try await on(Collections.contacts) { [update] in
            try MongoOperations.updateOne($0, filter: ["_id": .objectId(contactId)], update: .document(update))
        }
    }

    // MARK: Dialing progress

    public func enroll(_ entries: [DialProgress]) async throws -> Int {
        let upserts = try entries.map { entry -> (BSONDocument, BSONDocument) in
            var stored = entry
            stored.id = entry.id ?? ObjectId()
            var document = try encode(stored)
            document["campaignId"] = nil
            document["contactId"] = nil
            let filter: BSONDocument = ["campaignId": .objectId(entry.campaignId), "contactId": .objectId(entry.contactId)]
            return (filter, ["$setOnInsert": .document(document)])
        }
        return try await on(Collections.dialStates) { c in
            var created = 0
            for (filter, update) in upserts {
                let reply = try MongoOperations.updateOne(c, filter: filter, update: .document(update), upsert: true)
                created += reply["upsertedCount"]?.intValue ?? 0
            }
            return created
        }
    }

    public func claimNextContact(_ request: ClaimRequest) async throws -> DialProgress? {
        var filter = (["campaignId": .objectId(request.campaignId)] as BSONDocument).merging(DialQueries.claimable(at: request.now))
        if let zones = request.openTimeZones { filter["timeZone"] = ["$in": .array(zones.map(BSONValue.string))] }
        let update: BSONDocument = [
            "$set": [
                "state": "calling", "currentAttemptId": .string(request.attemptId), "currentCallId": .objectId(request.callId),
                "claimedBy": .string(request.owner),
                "claimedAt": .date(request.now), "updatedAt": .date(request.now)
            ],
            "$inc": ["attempts": 1]
        ]
        let document = try await on(Collections.dialStates) { [filter] in
            try MongoOperations.findOneAndUpdate($0, filter: filter, sort: ["priority": -1, "contactCreatedAt": 1, "_id": 1], update: update)
        }
        return try document.map { try decode(DialProgress.self, $0, from: Collections.dialStates) }
    }

    public func finishClaim(campaignId: ObjectId, contactId: ObjectId, attemptId: String, outcome: DialOutcome, now: Date) async throws -> Bool {
        let filter: BSONDocument = [
            "campaignId": .objectId(campaignId), "contactId": .objectId(contactId),
            "state": "calling", "currentAttemptId": .string(attemptId)
        ]
        var set: BSONDocument = ["state": .string(outcome.state.rawValue), "updatedAt": .date(now)]
        var unset: BSONDocument = ["claimedBy": ""]
        if let next = outcome.nextAttemptAt { set["nextAttemptAt"] = .date(next) } else { unset["nextAttemptAt"] = "" }
        if let result = outcome.lastCallResult { set["lastCallResult"] = .string(result) }
        if let reason = outcome.skipReason { set["skipReason"] = .string(reason) }
        var update: BSONDocument = ["$set": .document(set), "$unset": .document(unset)]
        if outcome.attemptsDelta != 0 { update["$inc"] = ["attempts": .int(outcome.attemptsDelta)] }
        let reply = try await on(Collections.dialStates) { [update] in
            try MongoOperations.updateOne($0, filter: filter, update: .document(update))
        }
        return (reply["matchedCount"]?.intValue ?? 0) > 0
    }

    public func dialProgress(campaignId: ObjectId, contactId: ObjectId) async throws -> DialProgress? {
        let filter: BSONDocument = ["campaignId": .objectId(campaignId), "contactId": .objectId(contactId)]
        let document = try await on(Collections.dialStates) { try MongoOperations.findOne($0, filter: filter) }
        return try document.map { try decode(DialProgress.self, $0, from: Collections.dialStates) }
    }

    public func dialStateCounts(campaignId: ObjectId) async throws -> [DialState: Int] {
        let rows = try await on(Collections.dialStates) {
            try MongoOperations.aggregate(
                $0,
                pipeline: [
                    ["$match": ["campaignId": .objectId(campaignId)]],
                    ["$group": ["_id": "$state", "n": ["$sum": 1]]]
                ])
        }
        var counts: [DialState: Int] = [:]
        for row in rows {
            counts[DialState(raw: row["_id"]?.stringValue ?? ""), default: 0] += row["n"]?.intValue ?? 0
        }
        return counts
    }

    public func pendingTimeZones(campaignId: ObjectId) async throws -> [String?] {
        let rows = try await on(Collections.dialStates) {
            try MongoOperations.aggregate(
                $0,
                pipeline: [
                    ["$match": ["campaignId": .objectId(campaignId), "state": DialQueries.claimableState]],
                    ["$group": ["_id": "$timeZone"]]
                ])
        }
        return rows.map { $0["_id"]?.stringValue }.sorted { ($0 ?? "") < ($1 ?? "") }
    }

    public func earliestRetry(campaignId: ObjectId) async throws -> Date? {
        let filter: BSONDocument = ["campaignId": .objectId(campaignId), "state": "retry"]
        let rows = try await on(Collections.dialStates) {
            try MongoOperations.find($0, filter: filter, sort: ["nextAttemptAt": 1], limit: 1)
        }
        if case .date(let date)? = rows.first?["nextAttemptAt"] { return date }
        return nil
    }

    // MARK: Calls

    public func insertCall(_ call: Call) async throws -> ObjectId {
        var stored = call
        let id = call.id ?? ObjectId()
        stored.id = id
        let document = try encode(stored)
        try await on(Collections.calls) { try MongoOperations.insertOne($0, document) }
        return id
    }

    public func call(_ key: CallKey) async throws -> Call? {
        let filter = CallQueries.filter(key)
        let document = try await on(Collections.calls) { try MongoOperations.findOne($0, filter: filter) }
        return try document.map { try decode(Call.self, $0, from: Collections.calls) }
    }

    public func advanceCall(_ key: CallKey, to status: CallStatus?, fields: CallFields, now: Date) async throws -> CallAdvance {
        var filter = CallQueries.filter(key)
        var set = try CallQueries.set(fields)
        set["updatedAt"] = .date(now)
        if let status {
            let notBehind = CallStatus.knownCases.filter { $0.rank >= status.rank }.map { BSONValue.string($0.rawValue) }
            filter["status"] = ["$nin": .array(notBehind)]
            set["status"] = .string(status.rawValue)
        }
        let update: BSONDocument = ["$set": .document(set)]
        let advanced = try await on(Collections.calls) { [filter] in
            try MongoOperations.findOneAndUpdate($0, filter: filter, sort: nil, update: update)
        }
        if let advanced { return .advanced(try decode(Call.self, advanced, from: Collections.calls)) }
        guard let current = try await call(key) else { return .notFound }
        return .stale(current)
    }

    public func listCalls(_ filter: CallFilter, sort: SortOrder, page request: PageRequest) async throws -> Page<Call> {
        let direction: BSONValue = sort == .newestFirst ? -1 : 1
        return try await page(
            Call.self, Collections.calls, filter: CallQueries.filter(filter),
            sort: ["createdAt": direction, "_id": direction], request)
    }

    public func countCalls(_ filter: CallFilter) async throws -> Int {
        let query = CallQueries.filter(filter)
        return try await on(Collections.calls) { try MongoOperations.count($0, filter: query) }
    }

    public func countInFlightCalls(campaignId: ObjectId) async throws -> Int {
        try await countCalls(CallFilter(campaignId: campaignId, statuses: CallStatus.nonTerminal))
    }

    // MARK: Events, recordings, transcripts

    public func appendCallEvent(_ event: CallEvent) async throws -> Bool {
        var stored = event
        stored.id = event.id ?? ObjectId()
        let document = try encode(stored)
        do {
            try await on(Collections.callEvents) { try MongoOperations.insertOne($0, document) }
            return true
        } catch StoreError.duplicateKey {
            return false
        }
    }

    public func callEvents(callSid: String) async throws -> [CallEvent] {
        let documents = try await on(Collections.callEvents) {
            try MongoOperations.find($0, filter: ["callSid": .string(callSid)], sort: ["timestamp": 1, "_id": 1])
        }
        return try decodeAll(CallEvent.self, documents, from: Collections.callEvents)
    }

    public func upsertRecording(_ recording: Recording) async throws {
        try await upsert(recording, in: Collections.recordings, key: "recordingSid", value: recording.recordingSid)
    }

    public func recordings(callSid: String) async throws -> [Recording] {
        let documents = try await on(Collections.recordings) {
            try MongoOperations.find($0, filter: ["callSid": .string(callSid)], sort: ["createdAt": 1, "_id": 1])
        }
        return try decodeAll(Recording.self, documents, from: Collections.recordings)
    }

    public func upsertTranscript(_ transcript: Transcript) async throws {
        try await upsert(transcript, in: Collections.transcripts, key: "callSid", value: transcript.callSid)
    }

    public func transcript(callSid: String) async throws -> Transcript? {
        let document = try await on(Collections.transcripts) { try MongoOperations.findOne($0, filter: ["callSid": .string(callSid)]) }
        return try document.map { try decode(Transcript.self, $0, from: Collections.transcripts) }
    }

    /// Replaces every field but `_id` and `createdAt`, which the first write sets.
    private func upsert<T: Encodable>(_ value: T, in collection: String, key: String, value keyValue: String) async throws {
        var set = try encode(value)
        let createdAt = set["createdAt"]
        set["_id"] = nil
        set["createdAt"] = nil
        let update: BSONDocument = ["$set": .document(set), "$setOnInsert": ["createdAt": createdAt ?? .date(Date())]]
        try await on(collection) { try MongoOperations.updateOne($0, filter: [key: .string(keyValue)], update: .document(update), upsert: true) }
    }

    // MARK: Health

    public func ping() async throws {
        let database = connection.databaseName
        _ = try await connection.withClient { try MongoOperations.command($0, database: database, ["ping": 1]) }
    }
}

extension DecodingError {
    var fieldPath: String {
        let path: [CodingKey]
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): path = context.codingPath
        case .keyNotFound(let key, let context):
            path = context.codingPath.last?.stringValue == key.stringValue ? context.codingPath : context.codingPath + [key]
        @unknown default: path = []
        }
        return path.map(\.stringValue).joined(separator: ".")
    }

    var reason: String {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): context.debugDescription
        case .keyNotFound(let key, _): "missing required field \"\(key.stringValue)\""
        @unknown default: "\(self)"
        }
    }
}

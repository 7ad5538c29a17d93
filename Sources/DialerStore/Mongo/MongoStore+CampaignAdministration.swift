import DialerCore
import Foundation

extension MongoStore {
    public func updateCampaign(id: ObjectId, _ changes: CampaignChanges, whileStatusIn: [CampaignStatus]?, now: Date) async throws
        -> CampaignUpdate
    {
        var filter: BSONDocument = ["_id": .objectId(id)]
        if let whileStatusIn { filter["status"] = ["$in": .array(whileStatusIn.map { .string($0.rawValue) })] }
        var set = try encode(changes)
        set["updatedAt"] = .date(now)
        let update: BSONDocument = ["$set": .document(set)]
        let document = try await on(Collections.campaigns) { [filter] in
            try MongoOperations.findOneAndUpdate($0, filter: filter, sort: nil, update: update)
        }
        if let document { return .updated(try decode(Campaign.self, document, from: Collections.campaigns)) }
        guard let current = try await campaignWithoutIdLists(id: id) else { return .notFound }
        return .statusConflict(current.status)
    }

    public func deleteCampaign(id: ObjectId) async throws -> CampaignDeletion {
        let inFlight = try await countInFlightCalls(campaignId: id)
        if inFlight > 0 { return .callsInFlight(inFlight) }
        let filter: BSONDocument = ["_id": .objectId(id), "status": ["$ne": .string(CampaignStatus.active.rawValue)]]
        let reply = try await on(Collections.campaigns) { try MongoOperations.deleteOne($0, filter: filter) }
        guard (reply["deletedCount"]?.intValue ?? 0) > 0 else {
            return try await campaignWithoutIdLists(id: id) == nil ? .notFound : .active
        }
        let removed = try await on(Collections.dialStates) { try MongoOperations.deleteMany($0, filter: ["campaignId": .objectId(id)]) }
        let members: BSONDocument = ["campaignIds": .objectId(id)]
        let pull: BSONDocument = ["$pull": ["campaignIds": .objectId(id)]]
        try await on(Collections.contacts) { try MongoOperations.updateMany($0, filter: members, update: .document(pull)) }
        return .deleted(progressRemoved: removed)
    }

    public func addCampaignContacts(id: ObjectId, contactIds: [ObjectId], now: Date) async throws -> MembershipAddition? {
        guard let campaign = try await campaignWithoutIdLists(id: id) else { return nil }
        let contacts = try await contacts(ids: contactIds)
        var result = MembershipAddition()
        for contactId in Self.unique(contactIds) where contacts[contactId] == nil { result.unknown.append(contactId) }
        for contact in contacts.values.sorted(by: { $0.id! < $1.id! }) {
            let contactId = contact.id!
            if contact.campaignIds.contains(id) {
                result.alreadyMembers.append(contactId)
                continue
            }
            // One conditional update per contact: the push and the count move together, once.
            let filter: BSONDocument = ["_id": .objectId(id), "contactIds": ["$ne": .objectId(contactId)]]
            let update: BSONDocument = [
                "$push": ["contactIds": .objectId(contactId)], "$inc": ["stats.totalContacts": 1], "$set": ["updatedAt": .date(now)]
            ]
            let reply = try await on(Collections.campaigns) { try MongoOperations.updateOne($0, filter: filter, update: .document(update)) }
            if (reply["modifiedCount"]?.intValue ?? 0) > 0 { result.added.append(contactId) } else { result.alreadyMembers.append(contactId) }
        }
        let members = contacts.values.sorted { $0.id! < $1.id! }
        let withdrawn: BSONDocument = [
            "campaignId": .objectId(id), "contactId": ["$in": .array(members.map { .objectId($0.id!) })],
            "state": .string(DialState.skipped.rawValue), "skipReason": .string(DialProgress.removedFromCampaignReason)
        ]
        try await on(Collections.dialStates) { _ = try MongoOperations.deleteMany($0, filter: withdrawn) }
        let suppressed = try await suppressedNumbers(among: members.filter { $0.status == .active }.map(\.phoneNumber))
        result.enrolled = try await enroll(
            members.map {
                DialProgress.enrollment(of: $0, in: campaign, campaignId: id, suppressed: suppressed.contains($0.phoneNumber), now: now)
            })
        return result
    }

    public func removeCampaignContacts(id: ObjectId, contactIds: [ObjectId], now: Date) async throws -> MembershipRemoval? {
        guard try await campaignWithoutIdLists(id: id) != nil else { return nil }
        var result = MembershipRemoval()
        for contactId in Self.unique(contactIds) {
            let live: BSONDocument = ["campaignId": .objectId(id), "contactId": .objectId(contactId), "status": Self.liveStatus]
            if try await on(Collections.calls, { try MongoOperations.findOne($0, filter: live, projection: ["_id": 1]) }) != nil {
                result.inCall.append(contactId)
                continue
            }
            // Conditional on a claimable state, so a claim either happened first (and is seen below) or finds nothing to claim.
            let progress: BSONDocument = ["campaignId": .objectId(id), "contactId": .objectId(contactId)]
            let withdraw: BSONDocument = [
                "$set": [
                    "state": .string(DialState.skipped.rawValue), "skipReason": .string(DialProgress.removedFromCampaignReason),
                    "updatedAt": .date(now)
                ],
                "$unset": ["nextAttemptAt": ""]
            ]
            let claimable = progress.merging(["state": DialQueries.claimableState])
            try await on(Collections.dialStates) { try MongoOperations.updateOne($0, filter: claimable, update: .document(withdraw)) }
            let claimed = progress.merging(["state": "calling"])
            if try await on(Collections.dialStates, { try MongoOperations.findOne($0, filter: claimed, projection: ["_id": 1]) }) != nil {
                result.inCall.append(contactId)
                continue
            }
            if try await endMembership(campaignId: id, contactId: contactId, now: now) {
                result.removed.append(contactId)
            } else {
                result.notMembers.append(contactId)
            }
        }
        return result
    }

    /// Pulls the contact from the campaign's `contactIds` and the campaign from the contact's
    /// `campaignIds`; `totalContacts` falls by one if it was a member either way.
    private func endMembership(campaignId: ObjectId, contactId: ObjectId, now: Date) async throws -> Bool {
        let listed: BSONDocument = ["_id": .objectId(campaignId), "contactIds": .objectId(contactId)]
        let unlist: BSONDocument = [
            "$pull": ["contactIds": .objectId(contactId)], "$inc": ["stats.totalContacts": -1], "$set": ["updatedAt": .date(now)]
        ]
        let unlisted = try await on(Collections.campaigns) { try MongoOperations.updateOne($0, filter: listed, update: .document(unlist)) }
        let member: BSONDocument = ["_id": .objectId(contactId), "campaignIds": .objectId(campaignId)]
        let leave: BSONDocument = ["$pull": ["campaignIds": .objectId(campaignId)], "$set": ["updatedAt": .date(now)]]
        let left = try await on(Collections.contacts) { try MongoOperations.updateOne($0, filter: member, update: .document(leave)) }
        let wasListed = (unlisted["modifiedCount"]?.intValue ?? 0) > 0
        let wasMember = (left["modifiedCount"]?.intValue ?? 0) > 0
        if wasMember && !wasListed {
            let uncount: BSONDocument = ["$inc": ["stats.totalContacts": -1], "$set": ["updatedAt": .date(now)]]
            try await on(Collections.campaigns) {
                try MongoOperations.updateOne($0, filter: ["_id": .objectId(campaignId)], update: .document(uncount))
            }
        }
        return wasListed || wasMember
    }

    func contacts(ids: [ObjectId]) async throws -> [ObjectId: Contact] {
        guard !ids.isEmpty else { return [:] }
        let filter: BSONDocument = ["_id": ["$in": .array(Self.unique(ids).map(BSONValue.objectId))]]
        let documents = try await on(Collections.contacts) { try MongoOperations.find($0, filter: filter) }
        let contacts = try decodeAll(Contact.self, documents, from: Collections.contacts)
        return Dictionary(contacts.map { ($0.id!, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func unique(_ ids: [ObjectId]) -> [ObjectId] {
        var seen = Set<ObjectId>()
        return ids.filter { seen.insert($0).inserted }
    }
}

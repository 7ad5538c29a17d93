import DialerCore
import Foundation

extension MongoStore {
    public func contact(phoneNumber: String) async throws -> Contact? {
        let documents = try await on(Collections.contacts) {
            try MongoOperations.find($0, filter: ["phoneNumber": .string(phoneNumber)], sort: ["createdAt": 1, "_id": 1], limit: 1)
        }
        return try documents.first.map { try decode(Contact.self, $0, from: Collections.contacts) }
    }

    public func updateContact(id: ObjectId, _ changes: ContactChanges, now: Date) async throws -> Contact? {
        var set = try encode(changes)
        set["updatedAt"] = .date(now)
        guard let updated = try await updateContact(id: id, ["$set": .document(set)]) else { return nil }
        var copied = BSONDocument()
        if let phone = changes.phoneNumber { copied["phoneNumber"] = .string(phone) }
        if let priority = changes.priority { copied["priority"] = .int(priority) }
        if !copied.isEmpty {
            copied["updatedAt"] = .date(now)
            let filter: BSONDocument = ["contactId": .objectId(id), "state": DialQueries.claimableState]
            let update: BSONDocument = ["$set": .document(copied)]
            try await on(Collections.dialStates) { try MongoOperations.updateMany($0, filter: filter, update: .document(update)) }
        }
        return updated
    }

    public func addContactTags(id: ObjectId, _ tags: [String], now: Date) async throws -> Contact? {
        try await updateContact(
            id: id, ["$addToSet": ["tags": ["$each": .array(tags.map(BSONValue.string))]], "$set": ["updatedAt": .date(now)]])
    }

    public func removeContactTags(id: ObjectId, _ tags: [String], now: Date) async throws -> Contact? {
        try await updateContact(id: id, ["$pull": ["tags": ["$in": .array(tags.map(BSONValue.string))]], "$set": ["updatedAt": .date(now)]])
    }

    private func updateContact(id: ObjectId, _ update: BSONDocument) async throws -> Contact? {
        let document = try await on(Collections.contacts) {
            try MongoOperations.findOneAndUpdate($0, filter: ["_id": .objectId(id)], sort: nil, update: update)
        }
        return try document.map { try decode(Contact.self, $0, from: Collections.contacts) }
    }

    public func deleteContact(id: ObjectId, now: Date) async throws -> ContactDeletion {
        if let refusal = try await deletionRefusal(contactId: id, passedGate: nil) { return refusal }
        let removed = try await on(Collections.contacts) { try MongoOperations.findOneAndDelete($0, filter: ["_id": .objectId(id)]) }
        guard let removed else { return .notFound }
        // A claim whose call id the contact holds passed `beginContactCall` before the delete: put it back.
        let gatePassed = Set(removed["callIds"]?.arrayValue?.compactMap(\.objectIdValue) ?? [])
        if let refusal = try await deletionRefusal(contactId: id, passedGate: gatePassed) {
            try await on(Collections.contacts) { try MongoOperations.insertOne($0, removed) }
            return refusal
        }
        let unclaimed: BSONDocument = ["contactId": .objectId(id), "state": ["$ne": "calling"]]
        try await on(Collections.dialStates) { _ = try MongoOperations.deleteMany($0, filter: unclaimed) }
        let pull: BSONDocument = [
            "$pull": ["contactIds": .objectId(id)], "$inc": ["stats.totalContacts": -1], "$set": ["updatedAt": .date(now)]
        ]
        try await on(Collections.campaigns) { try MongoOperations.updateMany($0, filter: ["contactIds": .objectId(id)], update: .document(pull)) }
        return .deleted
    }

    /// Why the contact may not be deleted now, or nil. With `passedGate`, only claims on one of
    /// those call ids count: any other claim will find the contact gone and not dial.
    private func deletionRefusal(contactId: ObjectId, passedGate: Set<ObjectId>?) async throws -> ContactDeletion? {
        var claims: BSONDocument = ["contactId": .objectId(contactId), "state": "calling"]
        if let passedGate { claims["currentCallId"] = ["$in": .array(passedGate.map(BSONValue.objectId))] }
        let claim = try await on(Collections.dialStates) { [claims] in try MongoOperations.findOne($0, filter: claims) }
        if let campaignId = claim?["campaignId"]?.objectIdValue { return .claimed(campaignId: campaignId) }
        let live: BSONDocument = ["contactId": .objectId(contactId), "status": Self.liveStatus]
        let call = try await on(Collections.calls) { try MongoOperations.findOne($0, filter: live, projection: ["_id": 1]) }
        return call == nil ? nil : .liveCall
    }

    public func scanContacts(_ filter: ContactFilter, campaign: Campaign?, after: ScanCursor?, limit: Int) async throws -> ScanPage<Contact> {
        try await scan(
            Contact.self, Collections.contacts, filter: ContactQueries.filter(filter, campaign: campaign), timeField: "createdAt", after: after,
            limit: limit)
    }
}

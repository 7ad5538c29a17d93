import DialerCore
import DialerOperator
import DialerStore
import Foundation
import HTTPTypes
import Hummingbird

/// Seed 001's contact writes, the lookup by phone, tags and the import of an array of contacts.
enum ContactWriteRoutes {
    static func routes(_ deps: APIDependencies) -> [APIRoute] {
        documents(deps) + tags(deps) + [importRoute(deps)]
    }

    private static func documents(_ deps: APIDependencies) -> [APIRoute] {
        let store = deps.store
        let clock = deps.clock
        return [
            APIRoute(
                .get, "/api/db/contacts/phone/{phoneNumber}", operationId: "getContactByPhone",
                summary: "The contact with this number, normalized to E.164 first (the first created, if several campaigns list it)",
                tag: "contacts", scope: .read,
                parameters: [.path("phoneNumber", .text(maxLength: 40), "the number, E.164 (send + as %2B) or a national form")],
                success: .json(.ref("Contact"), "the contact")
            ) { request in
                let raw = try request.text("phoneNumber")
                // Free text is documented, so text that reads as no number is a lookup that finds nothing.
                guard let phone = PhoneNormalizer.e164(raw) else {
                    throw APIError.notFound("no contact with number \(APIParameter.quoted(raw)): it cannot be read as an E.164 number")
                }
                guard let contact = try await store.contact(phoneNumber: phone) else { throw APIError.notFound("no contact with number \(phone)") }
                return try APIJSON.response(contact)
            },
            APIRoute(
                .post, "/api/db/contacts", operationId: "createContact",
                summary: "Creates a contact, its number normalized to E.164 and checked as contacts.json's records are", tag: "contacts",
                scope: .admin, body: ContactDocument.schema(creating: true),
                success: .json(.ref("Contact"), "the stored contact", status: .created), errors: [.conflict, .unprocessableContent]
            ) { request in
                _ = try BodyShape.check(request.body, against: ContactDocument.schema(creating: true))
                var contact = try ContactDocument.created(from: request.body, now: clock.now.date)
                contact.id = ObjectId(date: clock.now.date)
                _ = try await refusingDuplicates("a contact with number \(contact.phoneNumber) and the same campaigns is already stored") {
                    try await store.insertContacts([contact])
                }
                return try APIJSON.response(contact, status: .created)
            },
            APIRoute(
                .put, "/api/db/contacts/{id}", operationId: "updateContact",
                summary: "Changes the given fields of a contact; the result is checked whole as contacts.json's records are", tag: "contacts",
                scope: .admin, parameters: [ContactRoutes.id], body: ContactDocument.schema(creating: false),
                success: .json(.ref("Contact"), "the contact as it now stands"), errors: [.conflict, .unprocessableContent]
            ) { request in
                _ = try BodyShape.check(request.body, against: ContactDocument.schema(creating: false))
                let stored = try await ContactRoutes.existing(request.objectId("id"), store)
                let changes = try ContactDocument.edited(stored, body: request.body, now: clock.now.date)
                let updated = try await refusingDuplicates("another contact of one of its campaigns has number \(changes.phoneNumber ?? "")") {
                    try await store.updateContact(id: stored.id!, changes, now: clock.now.date)
                }
                guard let updated else { throw APIError.notFound("no contact with id \(stored.id!.hex)") }
                return try APIJSON.response(updated)
            },
            APIRoute(
                .delete, "/api/db/contacts/{id}", operationId: "deleteContact",
                summary: "Deletes a contact (its calls stay); refused with 409 while it has a live call or a campaign's claim", tag: "contacts",
                scope: .admin, parameters: [ContactRoutes.id], success: .json(.ref("Deletion"), "the contact is gone"), errors: [.conflict]
            ) { request in
                let id = try request.objectId("id")
                switch try await store.deleteContact(id: id, now: clock.now.date) {
                case .deleted: return try APIJSON.response(Deletion(deleted: id.hex))
                case .liveCall: throw APIError.conflict("LIVE_CALL", "contact \(id.hex) has a live call: wait for it to end; nothing changed")
                case .claimed(let campaignId):
                    throw APIError.conflict(
                        "CONTACT_CLAIMED",
                        "contact \(id.hex) is being dialed by campaign \(campaignId.hex): wait for the call to end; nothing changed")
                case .notFound: throw APIError.notFound("no contact with id \(id.hex)")
                }
            }
        ]
    }

    private static func tags(_ deps: APIDependencies) -> [APIRoute] {
        let store = deps.store
        let clock = deps.clock
        func route(
            _ method: HTTPRequest.Method, _ operationId: String, _ summary: String,
            _ apply: @escaping @Sendable (ObjectId, [String], Date) async throws -> Contact?
        ) -> APIRoute {
            APIRoute(
                method, "/api/db/contacts/{id}/tags", operationId: operationId, summary: summary, tag: "contacts", scope: .admin,
                parameters: [ContactRoutes.id], body: TagList.schema, success: .json(.ref("Contact"), "the contact as it now stands")
            ) { request in
                let tags = try TagList.tags(request)
                let id = try request.objectId("id")
                guard let contact = try await apply(id, tags, clock.now.date) else { throw APIError.notFound("no contact with id \(id.hex)") }
                return try APIJSON.response(contact)
            }
        }
        return [
            route(.post, "addContactTags", "Adds each tag the contact lacks") { try await store.addContactTags(id: $0, $1, now: $2) },
            route(.delete, "removeContactTags", "Removes each given tag the contact has") { try await store.removeContactTags(id: $0, $1, now: $2) }
        ]
    }

    private static func importRoute(_ deps: APIDependencies) -> APIRoute {
        let store = deps.store
        let clock = deps.clock
        return APIRoute(
            .post, "/api/db/contacts/import", operationId: "importContacts",
            summary: "Creates contacts from an array: numbers normalized to E.164, each record checked as contacts.json's are; "
                + "bad records are reported by index and the good ones inserted",
            tag: "contacts", scope: .admin, body: ContactImport.schema, success: .json(.ref("ContactImportReport"), "what became of each record")
        ) { request in
            let body = try BodyShape.check(request.body, against: ContactImport.schema)
            guard case .object(let members) = body, case .array(let elements)? = members["contacts"] else {
                throw APIError.badArgs("contacts must be an array")
            }
            guard (1...ContactImport.maxCount).contains(elements.count) else {
                throw APIError.badArgs("contacts must hold 1 to \(ContactImport.maxCount) records, got \(elements.count)")
            }
            let now = clock.now.date
            var report = ContactImportReport(received: elements.count)
            for (index, result) in ContactDocument.imported(elements, now: now).enumerated() {
                switch result {
                case .failure(let issues):
                    report.rejected.append(.init(index: index, problems: issues.issues.map(\.fieldText)))
                case .success(var contact):
                    contact.id = ObjectId(date: now)
                    do {
                        _ = try await store.insertContacts([contact])
                        report.inserted.append(.init(index: index, id: contact.id!, phoneNumber: contact.phoneNumber))
                    } catch StoreError.duplicateKey {
                        report.rejected.append(
                            .init(index: index, problems: ["phoneNumber: a contact with number \(contact.phoneNumber) is already stored"]))
                    }
                }
            }
            return try APIJSON.response(report)
        }
    }
}

/// `{"tags":[…]}`: the body of the tag routes.
enum TagList {
    static let schema = ObjectSchema().field(
        "tags",
        .array(
            .string(pattern: "^" + APIParameter.nonBlank + "([\\s\\S]{0,98}" + APIParameter.nonBlank + ")?$"), description: "1 to 100 tags",
            count: 1...100)
    ).closed
    private struct Body: Decodable { var tags: [String] }

    static func tags(_ request: APIRequest) throws(APIError) -> [String] {
        _ = try BodyShape.check(request.body, against: schema)
        let tags = try request.decodeBody(Body.self).tags
        guard (1...100).contains(tags.count) else { throw .badArgs("tags must list 1 to 100 tags, got \(tags.count)") }
        return tags
    }
}

/// `{"contacts":[…]}`: the body of `POST /api/db/contacts/import`. Records are checked one by one
/// (and reported by index), so the schema does not refuse the body for a bad record.
enum ContactImport {
    static let maxCount = 1000
    static let schema = ObjectSchema()
        .field(
            "contacts",
            .array(.any(description: "a contact as POST /api/db/contacts takes it"), description: "1 to \(maxCount) records", count: 1...maxCount)
        )
        .closed
}

struct ContactImportReport: Encodable {
    struct Inserted: Encodable {
        var index: Int
        var id: ObjectId
        var phoneNumber: String
    }

    struct Rejected: Encodable {
        var index: Int
        var problems: [String]
    }

    var received: Int
    var inserted: [Inserted] = []
    var rejected: [Rejected] = []

    static let schema = ObjectSchema()
        .field("received", .integer(minimum: 0))
        .field(
            "inserted",
            .array(
                ObjectSchema().field("index", .integer(minimum: 0)).field("id", .objectId)
                    .field("phoneNumber", .string(description: "as stored, E.164")).closed)
        )
        .field(
            "rejected",
            .array(
                ObjectSchema().field("index", .integer(minimum: 0))
                    .field("problems", .array(.string(), description: "each as field: problem")).closed)
        )
        .closed
}

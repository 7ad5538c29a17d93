import DialerCore
import DialerStore
import Hummingbird

/// Seed 001's contact reads.
enum ContactRoutes {
    static let id = APIParameter.path("id", .objectId, "the contact's _id")

    static func routes(_ deps: APIDependencies) -> [APIRoute] {
        let store = deps.store
        return [
            APIRoute(
                .get, "/api/db/contacts", operationId: "listContacts", summary: "Contacts, paginated and filtered", tag: "contacts",
                scope: .read,
                parameters: [
                    .query("status", .oneOf(ContactStatus.knownCases.map(\.rawValue)), "only contacts with this status"),
                    .query("phone", .phone, "only contacts with this E.164 number"),
                    .query("tag", .text(maxLength: 100), "only contacts with this tag"),
                    .query("campaignId", .objectId, "only members of this campaign")
                ] + Pagination.parameters,
                success: .json(.ref("ContactPage"), "one page of contacts")
            ) { request in
                let campaign: Campaign? =
                    if let campaignId = request.optionalObjectId("campaignId") { try await CampaignRoutes.existing(campaignId, store) } else { nil }
                let filter = ContactFilter(
                    campaignId: campaign?.id, statuses: request.optionalText("status").map { [ContactStatus(raw: $0)] },
                    phoneNumber: request.optionalText("phone"), tag: request.optionalText("tag"))
                return try APIJSON.response(PageReply(try await store.listContacts(filter, campaign: campaign, page: Pagination.request(request))))
            },
            APIRoute(
                .get, "/api/db/contacts/{id}", operationId: "getContact", summary: "One contact", tag: "contacts", scope: .read,
                parameters: [id], success: .json(.ref("Contact"), "the contact")
            ) { request in
                try APIJSON.response(try await existing(request.objectId("id"), store))
            },
            APIRoute(
                .get, "/api/db/contacts/{id}/calls", operationId: "listContactCalls", summary: "A contact's calls, newest first",
                tag: "contacts", scope: .read, parameters: [id] + Pagination.parameters, success: .json(.ref("CallPage"), "one page of calls")
            ) { request in
                let contact = try await existing(request.objectId("id"), store)
                let page = try await store.listCalls(CallFilter(contactId: contact.id), sort: .newestFirst, page: Pagination.request(request))
                return try APIJSON.response(PageReply(page))
            }
        ]
    }

    static func existing(_ id: ObjectId, _ store: any ContactRecords) async throws -> Contact {
        guard let contact = try await store.contact(id: id) else { throw APIError.notFound("no contact with id \(id.hex)") }
        return contact
    }
}

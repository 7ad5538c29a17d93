import DialerCore
import DialerOperator
import DialerStore
import Foundation
import Hummingbird

/// Seed 001's campaign writes: create (through the operator backend's import, as `dialerctl import`),
/// edit, delete, membership, and the export of a campaign's contacts.
enum CampaignWriteRoutes {
    static func routes(_ deps: APIDependencies) -> [APIRoute] {
        documents(deps) + membership(deps) + [CampaignContactExport.route(deps)]
    }

    private static func documents(_ deps: APIDependencies) -> [APIRoute] {
        let store = deps.store
        let backend = deps.backend
        let clock = deps.clock
        return [
            APIRoute(
                .post, "/api/db/campaigns", operationId: "createCampaign",
                summary: "Creates a campaign, checked as dialerctl import checks campaign.json (422 invalid_import names each bad field)",
                tag: "campaigns", scope: .admin, body: CampaignDocument.schema(creating: true),
                success: .json(.ref("Campaign"), "the stored campaign", status: .created), errors: [.unprocessableContent]
            ) { request in
                let campaign = try CampaignDocument.created(from: request.body, now: clock.now.date)
                let summary = try await backend.importCampaign(CampaignBundle(campaign: campaign, contacts: []))
                guard let id = ObjectId(hex: summary.id), let stored = try await store.campaign(id: id) else {
                    throw APIError(.internal, "the campaign was created but could not be read back")
                }
                return try APIJSON.response(stored, status: .created)
            },
            APIRoute(
                .put, "/api/db/campaigns/{id}", operationId: "updateCampaign",
                summary: "Changes the given fields of a draft or paused campaign; the result is checked whole as on import (409 in other statuses)",
                tag: "campaigns", scope: .admin, parameters: [CampaignRoutes.id], body: CampaignDocument.schema(creating: false),
                success: .json(.ref("Campaign"), "the campaign as it now stands"), errors: [.conflict, .unprocessableContent]
            ) { request in
                let id = try request.objectId("id")
                let stored = try await CampaignRoutes.existing(id, store)
                guard CampaignDocument.editableStatuses.contains(stored.status) else { throw notEditable(stored.status) }
                let changes = try CampaignDocument.edited(stored, body: request.body, now: clock.now.date)
                switch try await store.updateCampaign(id: id, changes, whileStatusIn: CampaignDocument.editableStatuses, now: clock.now.date) {
                case .updated(let campaign): return try APIJSON.response(campaign)
                case .statusConflict(let status): throw notEditable(status)
                case .notFound: throw APIError.notFound("no campaign with id \(id.hex)")
                }
            },
            APIRoute(
                .delete, "/api/db/campaigns/{id}", operationId: "deleteCampaign",
                summary: "Deletes a campaign and its dialing progress (its calls stay); refused with 409 while active or with calls in flight",
                tag: "campaigns", scope: .admin, parameters: [CampaignRoutes.id], success: .json(.ref("Deletion"), "the campaign is gone"),
                errors: [.conflict]
            ) { request in
                let id = try request.objectId("id")
                switch try await store.deleteCampaign(id: id) {
                case .deleted(let progressRemoved): return try APIJSON.response(Deletion(deleted: id.hex, progressRemoved: progressRemoved))
                case .active:
                    throw APIError.conflict("CAMPAIGN_ACTIVE", "campaign \(id.hex) is active: pause or stop it first; nothing changed")
                case .callsInFlight(let count):
                    throw APIError.conflict(
                        "CALLS_IN_FLIGHT",
                        "campaign \(id.hex) has \(count) call\(count == 1 ? "" : "s") in flight: wait for them to end; nothing changed")
                case .notFound: throw APIError.notFound("no campaign with id \(id.hex)")
                }
            }
        ]
    }

    private static func notEditable(_ status: CampaignStatus) -> APIError {
        APIError.conflict(
            "CAMPAIGN_NOT_EDITABLE",
            "a \(status.rawValue) campaign cannot be edited; only \(CampaignDocument.editableStatuses.map(\.rawValue).joined(separator: " or ")) "
                + "ones can (pause it first); nothing changed")
    }

    private static func membership(_ deps: APIDependencies) -> [APIRoute] {
        let store = deps.store
        let clock = deps.clock
        return [
            APIRoute(
                .post, "/api/db/campaigns/{id}/contacts", operationId: "addCampaignContacts",
                summary: "Makes stored contacts members and enrolls them as a run would; reports which were added, already members or unknown",
                tag: "campaigns", scope: .admin, parameters: [CampaignRoutes.id], body: ContactIdList.schema,
                success: .json(.ref("MembershipAddition"), "what happened to each id")
            ) { request in
                let ids = try ContactIdList.ids(request)
                let id = try request.objectId("id")
                guard let result = try await store.addCampaignContacts(id: id, contactIds: ids, now: clock.now.date) else {
                    throw APIError.notFound("no campaign with id \(id.hex)")
                }
                return try APIJSON.response(MembershipAdditionReply(result))
            },
            APIRoute(
                .delete, "/api/db/campaigns/{id}/contacts", operationId: "removeCampaignContacts",
                summary:
                    "Ends the membership of contacts not in a call (their progress withdrawn); reports which were removed, in a call or not members",
                tag: "campaigns", scope: .admin, parameters: [CampaignRoutes.id], body: ContactIdList.schema,
                success: .json(.ref("MembershipRemoval"), "what happened to each id")
            ) { request in
                let ids = try ContactIdList.ids(request)
                let id = try request.objectId("id")
                guard let result = try await store.removeCampaignContacts(id: id, contactIds: ids, now: clock.now.date) else {
                    throw APIError.notFound("no campaign with id \(id.hex)")
                }
                return try APIJSON.response(MembershipRemovalReply(result))
            }
        ]
    }
}

/// `{"contactIds":[…]}`: the body of the membership routes.
enum ContactIdList {
    static let maxCount = 1000
    static let schema = ObjectSchema().field("contactIds", .array(.objectId, description: "1 to \(maxCount) contact ids", count: 1...maxCount)).closed

    private struct Body: Decodable { var contactIds: [String] }

    static func ids(_ request: APIRequest) throws(APIError) -> [ObjectId] {
        _ = try BodyShape.check(request.body, against: schema)
        let given = try request.decodeBody(Body.self).contactIds
        guard (1...maxCount).contains(given.count) else { throw .badArgs("contactIds must list 1 to \(maxCount) ids, got \(given.count)") }
        var ids: [ObjectId] = []
        for (index, hex) in given.enumerated() {
            guard let id = ObjectId(hex: hex.lowercased()) else { throw .badArgs("contactIds[\(index)] must be a 24-hex-digit ObjectId") }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }
}

struct MembershipAdditionReply: Encodable {
    var added: [ObjectId]
    var alreadyMembers: [ObjectId]
    var unknown: [ObjectId]
    var enrolled: Int

    init(_ result: MembershipAddition) {
        added = result.added
        alreadyMembers = result.alreadyMembers
        unknown = result.unknown
        enrolled = result.enrolled
    }

    static let schema = ObjectSchema()
        .field("added", .array(.objectId, description: "now members")).field("alreadyMembers", .array(.objectId))
        .field("unknown", .array(.objectId, description: "no such contact")).field(
            "enrolled", .integer(minimum: 0, description: "progress documents created")
        )
        .closed
}

struct MembershipRemovalReply: Encodable {
    var removed: [ObjectId]
    var inCall: [ObjectId]
    var notMembers: [ObjectId]

    init(_ result: MembershipRemoval) {
        removed = result.removed
        inCall = result.inCall
        notMembers = result.notMembers
    }

    static let schema = ObjectSchema()
        .field("removed", .array(.objectId)).field("inCall", .array(.objectId, description: "in a live call or claimed: left a member"))
        .field("notMembers", .array(.objectId))
        .closed
}

import DialerCore
import DialerOperator
import DialerStore
import Foundation
import Hummingbird

/// Seed 001's campaign reads, and its actions, which go through the operator backend: the same
/// validation, error codes and effect as `dialerctl start|pause|resume|stop`.
enum CampaignRoutes {
    static let id = APIParameter.path("id", .objectId, "the campaign's _id")

    static func routes(_ deps: APIDependencies) -> [APIRoute] {
        let store = deps.store
        return [
            APIRoute(
                .get, "/api/db/campaigns", operationId: "listCampaigns", summary: "Campaigns, paginated", tag: "campaigns", scope: .read,
                parameters: [.query("status", .oneOf(CampaignStatus.knownCases.map(\.rawValue)), "only campaigns with this status")]
                    + Pagination.parameters,
                success: .json(.ref("CampaignPage"), "one page of campaigns")
            ) { request in
                let statuses = request.optionalText("status").map { [CampaignStatus(raw: $0)] }
                return try APIJSON.response(PageReply(try await store.listCampaigns(statuses: statuses, page: Pagination.request(request))))
            },
            APIRoute(
                .get, "/api/db/campaigns/{id}", operationId: "getCampaign", summary: "One campaign", tag: "campaigns", scope: .read,
                parameters: [id], success: .json(.ref("Campaign"), "the campaign document")
            ) { request in
                try APIJSON.response(try await existing(request.objectId("id"), store))
            },
            APIRoute(
                .get, "/api/db/campaigns/{id}/stats", operationId: "getCampaignStats",
                summary: "A campaign's counters, its contacts per dialing state and its live calls", tag: "campaigns", scope: .read,
                parameters: [id], success: .json(.ref("CampaignStatsReply"), "the campaign's statistics")
            ) { request in
                let campaign = try await existing(request.objectId("id"), store)
                let counts = try await store.dialStateCounts(campaignId: campaign.id!)
                return try APIJSON.response(
                    CampaignStatsReply(
                        campaignId: campaign.id!, status: campaign.status, stats: campaign.stats,
                        dialStates: Dictionary(uniqueKeysWithValues: DialState.knownCases.map { ($0.rawValue, counts[$0] ?? 0) }),
                        inFlight: try await store.countInFlightCalls(campaignId: campaign.id!)))
            },
            APIRoute(
                .get, "/api/db/campaigns/{id}/contacts", operationId: "listCampaignContacts", summary: "A campaign's contacts, paginated",
                tag: "campaigns", scope: .read,
                parameters: [id, .query("status", .oneOf(ContactStatus.knownCases.map(\.rawValue)), "only contacts with this status")]
                    + Pagination.parameters,
                success: .json(.ref("ContactPage"), "one page of the campaign's contacts")
            ) { request in
                let campaign = try await existing(request.objectId("id"), store)
                let filter = ContactFilter(campaignId: campaign.id, statuses: request.optionalText("status").map { [ContactStatus(raw: $0)] })
                return try APIJSON.response(PageReply(try await store.listContacts(filter, campaign: campaign, page: Pagination.request(request))))
            }
        ] + actions(deps)
    }

    private static func actions(_ deps: APIDependencies) -> [APIRoute] {
        let backend = deps.backend
        func action(_ name: String, _ summary: String, _ act: @escaping @Sendable (ObjectId, String) async throws -> CampaignSummary) -> APIRoute {
            APIRoute(
                .post, "/api/db/campaigns/{id}/\(name)", operationId: "\(name)Campaign", summary: summary, tag: "campaigns", scope: .operate,
                parameters: [id], body: ObjectSchema().closed, success: .json(.ref("CampaignSummary"), "the campaign after the action"),
                errors: [.conflict, .unprocessableContent]
            ) { request in
                try APIJSON.response(try await act(request.objectId("id"), actor(request)))
            }
        }
        return [
            action("start", "Starts a draft or paused campaign (a campaign with a sheet imports it first)") {
                try await backend.start(id: $0, by: $1)
            },
            action("pause", "Pauses an active campaign: no claim is made after the pause is stored") { try await backend.pause(id: $0, by: $1) },
            action("resume", "Resumes a paused campaign") { try await backend.resume(id: $0, by: $1) },
            APIRoute(
                .post, "/api/db/campaigns/{id}/stop", operationId: "stopCampaign",
                summary: "Stops a campaign for good; with hangUp, ends its live calls through their provider", tag: "campaigns",
                scope: .operate, parameters: [id], body: StopBody.schema, success: .json(.ref("StopResult"), "the campaign after the stop"),
                errors: [.conflict]
            ) { request in
                let hangUp = try request.decodeBody(StopBody.self).hangUp ?? false
                return try APIJSON.response(try await backend.stop(id: request.objectId("id"), hangUp: hangUp, by: actor(request)))
            }
        ]
    }

    /// Who acted, as the backend records it in the campaign's events: the key's name, so an
    /// operator can see who paused a campaign.
    static func actor(_ request: APIRequest) -> String { "api key \(request.caller?.name ?? "?")" }

    static func existing(_ id: ObjectId, _ store: any CampaignRecords) async throws -> Campaign {
        guard let campaign = try await store.campaign(id: id) else { throw APIError.notFound("no campaign with id \(id.hex)") }
        return campaign
    }
}

struct StopBody: Decodable {
    var hangUp: Bool?
    static let schema = ObjectSchema().optional("hangUp", .boolean(description: "end the campaign's live calls too")).closed
}

struct CampaignStatsReply: Encodable {
    var campaignId: ObjectId
    var status: CampaignStatus
    var stats: CampaignStats
    var dialStates: [String: Int]
    var inFlight: Int
}

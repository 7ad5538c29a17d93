import DialerCore
import DialerStore
import Foundation
import Hummingbird
import Logging

/// `GET /api/db/campaigns/:id/contacts/export.csv`: every member the filter matches, oldest first,
/// streamed by `CSVExport`.
enum CampaignContactExport {
    /// The columns, each with how a contact fills it: one table for the header and the rows.
    static let columns: [(String, @Sendable (Contact) -> String)] = [
        ("_id", { $0.id?.hex ?? "" }), ("phoneNumber", { $0.phoneNumber }), ("name", { $0.name ?? "" }), ("email", { $0.email ?? "" }),
        ("status", { $0.status.rawValue }), ("priority", { String($0.priority) }), ("tags", { $0.tags.joined(separator: ";") }),
        ("notes", { $0.notes ?? "" }), ("callCount", { String($0.callCount) }), ("lastContacted", { CSVExport<Contact>.date($0.lastContacted) }),
        ("lastCallResult", { $0.lastCallResult ?? "" }), ("createdAt", { CSVExport<Contact>.date($0.createdAt) }),
        ("updatedAt", { CSVExport<Contact>.date($0.updatedAt) })
    ]

    static func route(_ deps: APIDependencies) -> APIRoute {
        let store = deps.store
        let logger = deps.logger
        return APIRoute(
            .get, "/api/db/campaigns/{id}/contacts/export.csv", operationId: "exportCampaignContacts",
            summary: "Every member of a campaign as CSV, oldest first, streamed (no row cap)", tag: "campaigns", scope: .read,
            parameters: [CampaignRoutes.id, .query("status", .oneOf(ContactStatus.knownCases.map(\.rawValue)), "only contacts with this status")],
            success: .text("text/csv", "RFC 4180 CSV with a header row")
        ) { request in
            let campaign = try await CampaignRoutes.existing(request.objectId("id"), store)
            let filter = ContactFilter(campaignId: campaign.id, statuses: request.optionalText("status").map { [ContactStatus(raw: $0)] })
            return try await CSVExport(columns: columns, what: "contact", logger: logger).response(
                filename: "campaign-\(campaign.id?.hex ?? "")-contacts.csv"
            ) { after in
                try await store.scanContacts(filter, campaign: campaign, after: after, limit: CSVExport<Contact>.pageSize)
            }
        }
    }
}

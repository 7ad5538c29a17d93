import DialerCore
import DialerStore
import Foundation
import Hummingbird
import Logging

/// `GET /api/db/campaigns/:id/contacts/export.csv`: every member the filter matches, oldest first,
/// streamed a page at a time through the store's keyset scan, so memory stays constant however
/// many there are. No row cap. A document that does not read as a contact is logged and skipped.
enum CampaignContactExport {
    static let pageSize = 500

    /// The columns, each with how a contact fills it: one table for the header and the rows.
    static let columns: [(String, @Sendable (Contact) -> String)] = [
        ("_id", { $0.id?.hex ?? "" }), ("phoneNumber", { $0.phoneNumber }), ("name", { $0.name ?? "" }), ("email", { $0.email ?? "" }),
        ("status", { $0.status.rawValue }), ("priority", { String($0.priority) }), ("tags", { $0.tags.joined(separator: ";") }),
        ("notes", { $0.notes ?? "" }), ("callCount", { String($0.callCount) }), ("lastContacted", { date($0.lastContacted) }),
        ("lastCallResult", { $0.lastCallResult ?? "" }), ("createdAt", { date($0.createdAt) }), ("updatedAt", { date($0.updatedAt) })
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
            // The first page is read before answering, so a database outage is a 503, not a cut-off 200.
            let first = try await store.scanContacts(filter, campaign: campaign, after: nil, limit: pageSize)
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"campaign-\(campaign.id?.hex ?? "")-contacts.csv\""
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: CSVTable.format([columns.map(\.0)])))
                    var page = first
                    while true {
                        for unreadable in page.unreadable {
                            logger.warning("CSV export skipped a contact it cannot read", metadata: ["document": "\(unreadable)"])
                        }
                        if !page.items.isEmpty {
                            try await writer.write(ByteBuffer(string: CSVTable.format(page.items.map { contact in columns.map { $0.1(contact) } })))
                        }
                        guard let next = page.next else { break }
                        do {
                            page = try await store.scanContacts(filter, campaign: campaign, after: next, limit: pageSize)
                        } catch {
                            logger.error("CSV export stopped part-way", metadata: ["error": "\(error)"])
                            throw error
                        }
                    }
                    try await writer.finish(nil)
                })
        }
    }

    private static func date(_ date: Date?) -> String {
        date.map { $0.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) } ?? ""
    }
}

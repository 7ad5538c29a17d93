import DialerCore
import DialerStore

/// The filters of the calls list and its CSV export: one declaration, one reading.
enum CallFilterParameters {
    static let parameters: [APIParameter] = [
        .query("status", .oneOf(CallStatus.knownCases.map(\.rawValue)), "only calls with this status"),
        .query("campaignId", .objectId, "only calls of this campaign"),
        .query("contactId", .objectId, "only calls to this contact"),
        .query("phone", .phone, "only calls to this E.164 number"),
        .query("from", .dateTime, "only calls created after this instant"),
        .query("to", .dateTime, "only calls created before this instant")
    ]

    static func filter(_ request: APIRequest) -> CallFilter {
        CallFilter(
            campaignId: request.optionalObjectId("campaignId"), contactId: request.optionalObjectId("contactId"),
            statuses: request.optionalText("status").map { [CallStatus(raw: $0)] }, createdAfter: request.optionalDate("from"),
            createdBefore: request.optionalDate("to"), to: request.optionalText("phone"))
    }
}

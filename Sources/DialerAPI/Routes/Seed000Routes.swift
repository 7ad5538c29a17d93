import DialerCore
import DialerStore
import Foundation
import Hummingbird

/// Seed 000's calls routes under `/api/v1/mongo/calls/`: ten calls a page, 1-based `page`, its
/// document shape (`Seed000Call`) and its error names.
enum Seed000Routes {
    static let base = "/api/v1/mongo/calls"
    static let pageSize = 10
    static let page = APIParameter.query("page", .integer(minimum: 1, maximum: Pagination.maxPage), "1-based page, ten calls a page", default: "1")

    static func routes(_ deps: APIDependencies) -> [APIRoute] {
        let store = deps.store
        func list(
            _ path: String, _ operationId: String, _ summary: String, parameters: [APIParameter] = [],
            _ query: @escaping @Sendable (APIRequest) throws -> (CallFilter, DialerStore.SortOrder)
        ) -> APIRoute {
            APIRoute(
                .get, base + path, operationId: operationId, summary: summary, tag: "seed000", scope: .read, parameters: parameters + [page],
                success: .json(.ref("Seed000CallPage"), "one page of calls in seed 000's shape"), seed000: true
            ) { request in
                let (filter, sort) = try query(request)
                let number = try request.int("page")
                let found = try await store.listCalls(filter, sort: sort, page: PageRequest(page: number, size: pageSize))
                return try APIJSON.response(
                    Seed000CallPage(
                        calls: found.items.map(Seed000Call.init), page: number, pageSize: pageSize, total: found.total,
                        totalPages: (found.total + pageSize - 1) / pageSize))
            }
        }
        return [
            list("/recent", "seed000RecentCalls", "Calls, newest first") { _ in (CallFilter(), .newestFirst) },
            list("/oldest", "seed000OldestCalls", "Calls, oldest first") { _ in (CallFilter(), .oldestFirst) },
            list(
                "/by-status/{status}", "seed000CallsByStatus", "Calls with one of seed 000's statuses, newest first",
                parameters: [.path("status", .oneOf(Seed000Call.Status.allCases.map(\.rawValue)), "seed 000's status")]
            ) { request in (Self.byStatus(Seed000Call.Status(rawValue: try request.text("status"))!), .newestFirst) },
            list("/successful", "seed000SuccessfulCalls", "Completed calls, newest first") { _ in (Self.byStatus(.completed), .newestFirst) },
            list("/failed", "seed000FailedCalls", "Failed calls, newest first") { _ in (Self.byStatus(.failed), .newestFirst) },
            list("/pending", "seed000PendingCalls", "Calls not answered yet, newest first") { _ in (Self.byStatus(.pending), .newestFirst) },
            list(
                "/by-duration", "seed000CallsByDuration", "Calls lasting at least min_duration seconds, newest first",
                parameters: [
                    APIParameter(
                        name: "min_duration", location: .query, kind: .integer(minimum: 0, maximum: 86_400 * 7), required: true,
                        description: "seconds")
                ]
            ) { request in (CallFilter(minDuration: try request.int("min_duration")), .newestFirst) },
            APIRoute(
                .get, base + "/stats", operationId: "seed000CallStats", summary: "Call statistics", tag: "seed000", scope: .read,
                success: .json(.ref("Seed000CallStats"), "totals, by status, average duration and rates"), seed000: true
            ) { _ in try APIJSON.response(try await stats(store)) },
            APIRoute(
                .get, base + "/{call_id}", operationId: "seed000GetCall", summary: "One call in seed 000's shape", tag: "seed000",
                scope: .read, parameters: [.path("call_id", .text(maxLength: 128), "the provider's call id (or our callSid, attemptId)")],
                success: .json(.ref("Seed000Call"), "the call"), seed000: true
            ) { request in
                let callId = try request.text("call_id")
                guard let call = try await CallLookup.find(callId, in: store) else { throw Seed000Errors.callNotFound(callId) }
                return try APIJSON.response(Seed000Call(call))
            }
        ]
    }

    static func byStatus(_ status: Seed000Call.Status) -> CallFilter { CallFilter(statuses: status.callStatuses) }

    /// The average duration reads every call with a duration, a page at a time in constant
    /// memory; it belongs to the analytics read model once that exists.
    static func stats(_ store: any CallRecords) async throws -> Seed000CallStats {
        let total = try await store.countCalls(CallFilter())
        var byStatus: [String: Int] = [:]
        for status in Seed000Call.Status.allCases {
            byStatus[status.rawValue] = try await store.countCalls(CallFilter(statuses: status.callStatuses))
        }
        var sum = 0
        var count = 0
        var cursor: ScanCursor?
        while true {
            let page = try await store.listCalls(
                CallFilter(minDuration: 0, after: cursor), sort: .oldestFirst, page: PageRequest(offset: 0, limit: 1000))
            for call in page.items { sum += call.duration ?? 0 }
            count += page.items.count
            guard page.hasMore, let last = page.items.last, let id = last.id else { break }
            cursor = ScanCursor(time: last.createdAt, id: id)
        }
        let ended = (byStatus["completed"] ?? 0) + (byStatus["failed"] ?? 0)
        return Seed000CallStats(
            totalCalls: total, byStatus: byStatus, averageDuration: count == 0 ? 0 : Double(sum) / Double(count),
            successRate: ended == 0 ? 0 : Double(byStatus["completed"] ?? 0) / Double(ended),
            failureRate: ended == 0 ? 0 : Double(byStatus["failed"] ?? 0) / Double(ended))
    }
}

import DialerStore

/// Seed 001's list parameters: `page` (1-based) and `limit` (up to 1000), with `total` in the reply.
enum Pagination {
    static let maxPage = 1_000_000
    static let parameters: [APIParameter] = [
        .query("page", .integer(minimum: 1, maximum: maxPage), "1-based page number", default: "1"),
        .query("limit", .integer(minimum: 1, maximum: 1000), "items per page", default: "50")
    ]

    static func request(_ request: APIRequest) throws(APIError) -> PageRequest {
        let limit = try request.int("limit")
        return PageRequest(offset: (try request.int("page") - 1) * limit, limit: limit)
    }
}

/// A page as seed 001's list routes answer: `{"items":[…],"total":N,"page":P,"limit":L}`.
struct PageReply<Item: Encodable & Sendable>: Encodable {
    var items: [Item]
    var total: Int
    var page: Int
    var limit: Int

    init(_ page: Page<Item>) {
        items = page.items
        total = page.total
        limit = page.request.limit
        self.page = page.request.offset / page.request.limit + 1
    }
}

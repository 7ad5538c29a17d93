import DialerCore
import Foundation
import Testing

@Suite("API: bad input gets a specific 4xx, never a 5xx, and changes nothing") struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var method: String
        var path: String
        var body: String?
        var contentType: String? = "application/json"
        var status: Int
        var code: String
        var message: String
        var testDescription: String { "\(method) \(path) \(body ?? "")" }
    }

    static let id = "650000000000000000000001"

    static let cases: [Case] = [
        Case(
            method: "GET", path: "/api/db/calls?page=-1", status: 400, code: "BAD_ARGS",
            message: "query parameter \"page\" must be from 1 to 1000000, got -1"),
        Case(
            method: "GET", path: "/api/db/calls?limit=5000", status: 400, code: "BAD_ARGS",
            message: "query parameter \"limit\" must be from 1 to 1000, got 5000"),
        Case(
            method: "GET", path: "/api/db/calls?limit=ten", status: 400, code: "BAD_ARGS",
            message: "query parameter \"limit\" must be a whole number, got \"ten\""),
        Case(
            method: "GET", path: "/api/db/calls?status=done", status: 400, code: "BAD_ARGS",
            message:
                "query parameter \"status\" must be one of queued, initiated, ringing, in-progress, completed, busy, no-answer, failed, canceled, got \"done\""
        ),
        Case(
            method: "GET", path: "/api/db/calls?colour=red", status: 400, code: "BAD_ARGS",
            message: "unknown query parameter \"colour\" (known: campaignId, contactId, from, limit, page, phone, status, to)"),
        Case(
            method: "GET", path: "/api/db/calls?from=yesterday", status: 400, code: "BAD_ARGS",
            message: "query parameter \"from\" must be an ISO 8601 date-time such as 2026-11-22T04:10:05Z (or a date, 2026-11-22), got \"yesterday\""),
        Case(
            method: "GET", path: "/api/db/calls?page=1&page=2", status: 400, code: "BAD_ARGS",
            message: "query parameter \"page\" is given more than once"),
        Case(
            method: "GET", path: "/api/db/campaigns/not-an-id", status: 400, code: "BAD_ARGS",
            message: "path parameter \"id\" must be a 24-hex-digit ObjectId, got \"not-an-id\""),
        Case(method: "GET", path: "/api/db/campaigns/\(id)", status: 404, code: "NOT_FOUND", message: "no campaign with id \(id)"),
        Case(
            method: "GET", path: "/api/db/nowhere", status: 404, code: "NOT_FOUND",
            message: "no route for this path; the routes are listed in /api/openapi.json"),
        Case(
            method: "DELETE", path: "/api/db/campaigns/\(id)/pause", status: 405, code: "METHOD_NOT_ALLOWED",
            message: "DELETE is not served on this path; it takes POST"),
        Case(method: "POST", path: "/api/db/campaigns/\(id)/stop", body: "{", status: 400, code: "BAD_JSON", message: "the body is not valid JSON"),
        Case(
            method: "POST", path: "/api/db/campaigns/\(id)/stop", body: "[1]", status: 400, code: "BAD_ARGS",
            message: "the body must be a JSON object"),
        Case(
            method: "POST", path: "/api/db/campaigns/\(id)/stop", body: #"{"hangup":true}"#, status: 400, code: "BAD_ARGS",
            message: "unknown field \"hangup\" in the body (known: hangUp)"),
        Case(
            method: "POST", path: "/api/db/campaigns/\(id)/stop", body: #"{"hangUp":null}"#, status: 400, code: "BAD_ARGS",
            message: "field \"hangUp\" must not be null; leave it out instead"),
        Case(
            method: "GET", path: "/api/db/calls?from=2026-02-30", status: 400, code: "BAD_ARGS",
            message: "query parameter \"from\" must be an ISO 8601 date-time such as 2026-11-22T04:10:05Z (or a date, 2026-11-22), got \"2026-02-30\""
        ),
        Case(
            method: "GET", path: "/api/db/calls?phone=%2B1000000", status: 400, code: "BAD_ARGS",
            message: "query parameter \"phone\" must be an E.164 number such as +14155550100 (send + as %2B), got \"+1000000\""),
        Case(
            method: "POST", path: "/api/db/campaigns/\(id)/stop", body: #"{"hangUp":"yes"}"#, status: 400, code: "BAD_ARGS",
            message: "the body does not fit: hangUp must be true or false"),
        Case(
            method: "POST", path: "/api/db/campaigns/\(id)/pause", body: #"{"now":1}"#, status: 400, code: "BAD_ARGS",
            message: "unknown field \"now\" in the body; it takes none"),
        Case(
            method: "POST", path: "/api/db/campaigns/\(id)/stop", body: "hangUp=true", contentType: "application/x-www-form-urlencoded", status: 415,
            code: "UNSUPPORTED_MEDIA_TYPE", message: "the body must be JSON, sent with \"Content-Type: application/json\""),
        Case(
            method: "PUT", path: "/api/db/calls/CA1/status", body: #"{"status":7}"#, status: 400, code: "BAD_ARGS",
            message: "the body does not fit: status must be a string"),
        Case(
            method: "PUT", path: "/api/db/calls/CA1/status", body: #"{}"#, status: 400, code: "BAD_ARGS",
            message: "the body does not fit: status is required"),
        Case(
            method: "GET", path: "/api/v1/mongo/calls/by-status/done", status: 400, code: "VALIDATION_ERROR",
            message: "path parameter \"status\" must be one of pending, in_progress, completed, failed, got \"done\""),
        Case(
            method: "GET", path: "/api/v1/mongo/calls/by-duration", status: 400, code: "VALIDATION_ERROR",
            message: "query parameter \"min_duration\" is required"),
        Case(method: "GET", path: "/api/v1/mongo/calls/CA404", status: 404, code: "CALL_NOT_FOUND", message: "Call with ID 'CA404' not found")
    ]

    @Test(arguments: cases) func answeredSpecifically(_ c: Case) async throws {
        try await APIHarness.with { api in
            let response = try await api.request(c.method, c.path, body: c.body.map { Array($0.utf8) }, contentType: c.contentType)
            #expect(response.status == c.status)
            let body = try api.json(response)
            #expect(body["code"] as? String == c.code)
            #expect(body["message"] as? String == c.message)
            #expect((body["error"] as? String)?.isEmpty == false)
        }
    }

    @Test func aFiftyMegabyteBodyIsRefusedWithoutAChange() async throws {
        try await APIHarness.with { api in
            let world = try await SeededWorld.make(in: api.store)
            let big = [UInt8](repeating: UInt8(ascii: " "), count: 50 << 20)
            let response = try await api.request("POST", "/api/db/campaigns/\(world.campaign.id!.hex)/pause", body: big)
            #expect(response.status == 413)
            #expect(try api.json(response)["code"] as? String == "PAYLOAD_TOO_LARGE")
            #expect(try await api.store.campaign(id: world.campaign.id!)?.status == .active)
            #expect(api.backend.actions.isEmpty)
        }
    }
}

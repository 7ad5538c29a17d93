import DialerAPI
import DialerCore
import Foundation
import Testing

@Suite("API: the OpenAPI document and the served routes are the same set") struct OpenAPICoverageTests {
    /// A value for each path parameter, so the request reaches the route.
    static let samples = [
        "id": "650000000000000000000001", "callSid": "CA0", "call_id": "CA0", "status": "pending", "recordingSid": "RE0",
        "phoneNumber": "%2B14155550100"
    ]

    @Test func everyDocumentedOperationIsServedAndEveryServedRouteDocumented() async throws {
        try await APIHarness.with { api in
            let response = try await api.get("/api/openapi.json")
            #expect(response.status == 200)
            let document = try api.json(response)
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented: Set<String> = []
            for (path, operations) in paths {
                for method in operations.keys {
                    documented.insert("\(method.uppercased()) \(path)")
                    var concrete = path
                    for (name, value) in Self.samples { concrete = concrete.replacingOccurrences(of: "{\(name)}", with: value) }
                    #expect(!concrete.contains("{"), "no sample for a parameter of \(path)")
                    let query = path.hasSuffix("by-duration") ? "?min_duration=1" : ""
                    let served = try await api.request(method.uppercased(), concrete + query, scope: .admin)
                    let body = (try? api.json(served)) ?? [:]
                    let routerMiss = served.status == 404 && (body["message"] as? String)?.hasPrefix("no route for this path") == true
                    #expect(!routerMiss && served.status != 405, "\(method) \(path) is documented but not served")
                    #expect(served.status < 500, "\(method) \(path) answered \(served.status)")
                }
            }
            let registered = Set(api.server.routes.map { "\($0.method.rawValue) \($0.path)" })
            #expect(registered == documented)
            #expect(registered.count == api.server.routes.count, "a method and path registered twice")
        }
    }

    @Test func everyOperationNamesItsScopeAndErrorsUseTheErrorSchema() async throws {
        try await APIHarness.with { api in
            let document = try api.json(try await api.get("/api/openapi.json"))
            let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
            for (path, operations) in paths {
                for (method, operation) in operations {
                    let isPublic = path == "/healthz" || path == "/readyz"
                    #expect((operation["x-required-scope"] as? String != nil) != isPublic, "\(method) \(path)")
                    let responses = try #require(operation["responses"] as? [String: Any])
                    #expect(responses["404"] != nil)
                    if !isPublic { #expect(responses["401"] != nil && responses["403"] != nil, "\(method) \(path)") }
                }
            }
            // A body is required exactly when `{}` (what an absent body reads as) would be refused.
            let status = (paths["/api/db/calls/{callSid}/status"]?["put"]?["requestBody"] as? [String: Any])?["required"] as? Bool
            let stop = (paths["/api/db/campaigns/{id}/stop"]?["post"]?["requestBody"] as? [String: Any])?["required"] as? Bool
            #expect(status == true && stop == false, "requestBody.required: status \(String(describing: status)), stop \(String(describing: stop))")
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            #expect(Set(schemas.keys).isSuperset(of: ["Error", "Call", "Campaign", "Contact", "Seed000Call"]))
            let call = try #require(schemas["Call"] as? [String: Any])
            #expect(
                ((call["properties"] as? [String: Any])?["status"] as? [String: Any])?["enum"] as? [String] == CallStatus.knownCases.map(\.rawValue))
        }
    }
}

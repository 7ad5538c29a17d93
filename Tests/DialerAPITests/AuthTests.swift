import DialerCore
import DialerCrypto
import DialerHTTP
import Foundation
import Testing

@Suite("API: keys, scopes and secrets") struct AuthTests {
    @Test func noKeyWrongKeyAndMalformedHeadersAre401() async throws {
        try await APIHarness.with { api in
            let none = try await api.get("/api/db/campaigns", scope: nil)
            #expect(none.status == 401)
            #expect(none.header("WWW-Authenticate") == "Bearer")
            #expect(try api.json(none)["code"] as? String == "UNAUTHORIZED")
            #expect(try api.json(none)["error"] as? String == "Unauthorized")
            for header in ["Bearer " + APIKeyToken.issue().key, "Bearer not-a-key", "Basic dXNlcjpwYXNz", "Bearer", "dk_0"] {
                let response = try await api.request("GET", "/api/db/campaigns", authorization: header)
                #expect(response.status == 401, "\(header)")
                #expect(try api.json(response)["code"] as? String == "UNAUTHORIZED")
            }
        }
    }

    @Test func scopesAreHierarchical() async throws {
        try await APIHarness.with { api in
            let world = try await SeededWorld.make(in: api.store, status: .active)
            let campaign = world.campaign.id!.hex
            for scope in APIScope.knownCases { #expect(try await api.get("/api/db/campaigns/\(campaign)", scope: scope).status == 200) }
            let readPause = try await api.request("POST", "/api/db/campaigns/\(campaign)/pause", scope: .read)
            #expect(readPause.status == 403)
            #expect(try api.json(readPause)["code"] as? String == "FORBIDDEN")
            #expect(try api.json(readPause)["message"] as? String == "API key \"read-key\" has scope read; this route needs operate")
            let operateStatus = try await api.request(
                "PUT", "/api/db/calls/\(world.calls[3].callSid!)/status", scope: .operate, body: Array(#"{"status":"ringing"}"#.utf8))
            #expect(operateStatus.status == 403)
            #expect(try await api.request("POST", "/api/db/campaigns/\(campaign)/pause", scope: .operate).status == 200)
            #expect(try await api.store.campaign(id: world.campaign.id!)?.status == .paused)
        }
    }

    @Test func aRevokedKeyIsRefusedOnceTheCacheBoundHasPassed() async throws {
        try await APIHarness.with { api in
            #expect(try await api.get("/api/db/campaigns").status == 200)
            _ = try #require(try await api.store.revokeAPIKey(nameOrPrefix: "read-key", now: APIHarness.t0))
            // Within the 5 s cache the lookup is reused; past it the revocation holds.
            api.clock.advance(by: .seconds(6))
            let response = try await api.get("/api/db/campaigns")
            #expect(response.status == 401)
            #expect(try api.json(response)["message"] as? String == "the API key is not valid (unknown or revoked)")
        }
    }

    @Test func forgettingAKeyRevokesItAtOnceOnThisInstance() async throws {
        try await APIHarness.with { api in
            #expect(try await api.get("/api/db/campaigns").status == 200)
            _ = try await api.store.revokeAPIKey(nameOrPrefix: "read-key", now: APIHarness.t0)
            api.server.authenticator.forget(hash: APIKeyToken.hash(api.keys[.read]!))
            #expect(try await api.get("/api/db/campaigns").status == 401)
        }
    }

    @Test func healthNeedsNoKeyButMetricsAndTheDocumentDo() async throws {
        try await APIHarness.with { (api: APIHarness) async throws in
            #expect(try await api.get("/healthz", scope: nil).status == 200)
            #expect(try await api.get("/readyz", scope: nil).status == 200)
            #expect(try await api.get("/metrics", scope: nil).status == 401)
            #expect(try await api.get("/api/openapi.json", scope: nil).status == 401)
            #expect(try await api.get("/metrics", scope: .read).status == 200)
        }
    }

    @Test func keysNeverReachLogsMetricsOrReplies() async throws {
        try await APIHarness.with { api in
            let world = try await SeededWorld.make(in: api.store)
            let forged = APIKeyToken.issue().key
            var replies: [String] = []
            for scope in APIScope.knownCases {
                replies.append(text(try await api.get("/api/db/calls?limit=2", scope: scope)))
                replies.append(text(try await api.request("POST", "/api/db/campaigns/\(world.campaign.id!.hex)/pause", scope: scope)))
                replies.append(text(try await api.get("/api/db/nowhere", scope: scope)))
                replies.append(text(try await api.get("/api/db/calls?page=-1", scope: scope)))
            }
            replies.append(text(try await api.request("GET", "/api/db/calls", authorization: "Bearer \(forged)")))
            replies.append(text(try await api.request("GET", "/api/db/calls", authorization: "Bearer x\(forged)")))
            replies.append(text(try await api.get("/metrics")))
            let metrics = String(decoding: api.registry.emitToBuffer(), as: UTF8.self)
            #expect(metrics.contains(#"route="/api/db/calls""#))
            let everything = replies.joined(separator: "\n") + metrics + api.logs.text
            #expect(!api.logs.text.isEmpty)
            for secret in Array(api.keys.values) + [forged] {
                #expect(!everything.contains(secret), "\(secret.prefix(12))… appeared")
            }
            for key in api.keys.values { #expect(!everything.contains(String(key.suffix(40)))) }
        }
    }
}

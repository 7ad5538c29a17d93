import DialerControl
import DialerCore
import DialerOperations
import DialerOperator
import DialerStore
import DialerTestSupport
import Foundation
import Testing

/// Requests the engine refuses (unknown campaigns, wrong transitions, invalid documents) get their
/// own error code, change nothing, and leave the connection usable.
@Suite("Operator backend: refusals over the control socket")
struct BackendRefusalTests {
    /// What the store holds, to show that a refused request changed nothing.
    private func snapshot(_ h: ControlHarness) async throws -> [String] {
        try await h.store.listCampaigns(statuses: nil, page: PageRequest(offset: 0, limit: 100)).items
            .map { "\($0.id!.hex) \($0.status.rawValue) \($0.stats.callsPlaced)" }.sorted()
    }

    @Test func everyRefusalHasItsOwnCodeAndChangesNothing() async throws {
        try await withHarness { h in
            let active = try await h.campaign("Active", status: .active, contacts: 2)
            let completed = try await h.campaign("Completed", status: .completed)
            let before = try await snapshot(h)
            let unknown = ObjectId()
            let cases: [(what: String, command: String, id: ObjectId, code: String)] = [
                ("pausing an unknown campaign", "campaigns.pause", unknown, "not_found"),
                ("showing an unknown campaign", "campaigns.show", unknown, "not_found"),
                ("resuming a completed campaign", "campaigns.resume", completed, "invalid_transition"),
                ("starting an active campaign", "campaigns.start", active, "invalid_transition"),
                ("watching an unknown campaign", "watch", unknown, "not_found")
            ]
            try await h.connect { connection in
                for item in cases {
                    let response = try await connection.request(item.command, ["id": .string(item.id.hex)])
                    #expect(!response.ok, "\(item.what) is refused")
                    #expect(response.code == item.code, "\(item.what)")
                    #expect(response.error?.message.isEmpty == false)
                    #expect(try await connection.request("hello").ok, "the connection still answers after \(item.what)")
                }
            }
            #expect(try await snapshot(h) == before, "no refused request changed any campaign")
            #expect(await h.provider.endRequests.isEmpty)
        }
    }

    @Test func startingAnInvalidCampaignIsRefused() async throws {
        try await withHarness { h in
            var campaign = Campaign(name: "Broken", status: .draft, settings: CampaignSettings(maxConcurrentCalls: 0), now: h.clock.now.date)
            campaign.callerId = "555-0100"
            let id = try await h.store.insertCampaign(campaign)
            try await h.connect { connection in
                let response = try await connection.request("campaigns.start", ["id": .string(id.hex)])
                #expect(response.code == "invalid_campaign")
                #expect(response.error?.message.contains("settings.maxConcurrentCalls") == true)
                #expect(response.error?.message.contains("callerId") == true)
            }
            #expect(try await h.store.campaign(id: id)?.status == .draft)
        }
    }

    /// The backend translates its own failures: a store outage is `unavailable` on every transport.
    @Test func aDatabaseOutageIsReportedAsUnavailable() async throws {
        try await withHarness { h in
            let id = try await h.campaign(status: .active)
            h.store.failAllOperations(with: .unavailable("no server reachable"))
            defer { h.store.failAllOperations(with: nil) }
            await #expect(throws: OperatorError.self) { _ = try await h.backend.pause(id: id, by: "test") }
            do {
                _ = try await h.backend.campaignDetail(id: id)
                Issue.record("the detail of an unreachable database was answered")
            } catch let error as OperatorError {
                #expect(error.code == .unavailable)
            }
        }
    }
}

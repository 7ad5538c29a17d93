import DialerControl
import DialerCore
import DialerOperations
import DialerOperator
import DialerStore
import DialerTelephony
import DialerTestSupport
import Foundation
import Testing

@Suite("Control socket: protocol round trips over a real Unix socket")
struct ProtocolRoundTripTests {
    @Test func helloNamesTheProtocolVersionAndInstance() async throws {
        try await withHarness { h in
            let response = try await h.connect { try await $0.request("hello") }
            let info = try response.result(as: ServerInfo.self)
            #expect(info.protocolVersion == ControlProtocol.version)
            #expect(info.instanceId == ControlHarness.instanceId)
            #expect(Set(info.commands) == Set(ControlCommand.allCases.map(\.rawValue)))
            #expect(response.id == .int(1), "the response echoes the request id")
        }
    }

    @Test func listFiltersByStatus() async throws {
        try await withHarness { h in
            let active = try await h.campaign("Active one", status: .active)
            let paused = try await h.campaign("Paused one", status: .paused)
            try await h.campaign("Done one", status: .completed)
            try await h.connect { connection in
                let all = try await connection.request("campaigns.list").result(as: CampaignList.self)
                #expect(all.total == 3)
                let some = try await connection.request("campaigns.list", ["status": .array([.string("active"), .string("paused")])])
                    .result(as: CampaignList.self)
                #expect(Set(some.campaigns.map(\.id)) == [active.hex, paused.hex])
                let one = try await connection.request("campaigns.list", ["status": .string("paused")]).result(as: CampaignList.self)
                #expect(one.campaigns.map(\.name) == ["Paused one"])
                let bad = try await connection.request("campaigns.list", ["status": .string("actve")])
                #expect(bad.code == "bad_args")
            }
        }
    }

    @Test func showReportsSettingsStatsCallsWindowAndETA() async throws {
        try await withHarness { h in
            // Two in New York (open at 10:00 local), two in Sydney (02:00 local: closed until 08:00).
            let id = try await h.campaign(contacts: 4, phone: { $0 < 2 ? String(format: "+1212555%04d", $0) : String(format: "+6125550%04d", $0) })
            let runner = try await h.runner(for: id)
            guard case .placed = try await runner.step(now: h.clock.now.date) else {
                Issue.record("no call placed")
                return
            }

            let detail = try await h.connect { try await $0.request("campaigns.show", ["id": .string(id.hex)]) }.result(as: CampaignDetail.self)
            #expect(detail.campaign.id == id.hex)
            #expect(detail.settings.callDelay == 1000 && detail.settings.maxConcurrentCalls == 3)
            #expect(detail.stats.callsPlaced == 1)
            #expect(detail.inFlight.count == 1)
            #expect(detail.inFlight.calls.first?.to == "+12125550000", "the highest-priority, oldest open contact is dialed first")
            #expect(detail.dialStates == ["pending": 3, "calling": 1])
            #expect(detail.lease?.owner == ControlHarness.instanceId)

            let zones = Dictionary(uniqueKeysWithValues: detail.window.zones.map { ($0.zone ?? "-", $0) })
            #expect(detail.window.open)
            #expect(detail.window.rule == "us-tcpa (default)")
            #expect(zones["America/New_York"]?.open == true)
            #expect(zones["Australia/Sydney"]?.open == false)
            #expect(
                zones["Australia/Sydney"]?.nextOpening == ISO8601DateFormatter().date(from: "2026-11-23T21:00:00Z"),
                "08:00 Tuesday in Sydney (UTC+11)")

            // 4 contacts left (3 pending, 1 calling); no durations yet, so 60 s calls over 3 lines bind: 20 s apart.
            #expect(detail.eta.remainingContacts == 4)
            #expect(detail.eta.seconds == 4 * ETAEstimator.assumedCallSeconds / 3)
            #expect(detail.eta.finishAt == h.clock.now.date.addingTimeInterval(detail.eta.seconds ?? -1))
        }
    }

    @Test func startPauseResumeAndStopWithHangUp() async throws {
        try await withHarness { h in
            let id = try await h.campaign(status: .draft, contacts: 3)
            try await h.connect { connection in
                let args: [String: JSONValue] = ["id": .string(id.hex)]
                #expect(try await connection.request("campaigns.start", args).result(as: CampaignSummary.self).status == "active")
                #expect(try await connection.request("campaigns.pause", args).result(as: CampaignSummary.self).status == "paused")
                #expect(try await connection.request("campaigns.resume", args).result(as: CampaignSummary.self).status == "active")

                let runner = try await h.runner(for: id)
                for _ in 0..<2 { _ = try await runner.step(now: h.clock.now.date) }
                h.clock.advance(by: .seconds(2))
                _ = try await runner.step(now: h.clock.now.date)
                #expect(await h.provider.placeRequests.count == 2, "callDelay keeps the second start 1 s after the first")

                let stopped = try await connection.request("campaigns.stop", ["id": .string(id.hex), "hangUp": .bool(true)]).result(
                    as: StopResult.self)
                #expect(stopped.campaign.status == "cancelled")
                #expect(stopped.hungUp == 2)
                #expect(await h.provider.endRequests.count == 2)
            }
            #expect(try await h.store.campaign(id: id)?.status == .cancelled)
            #expect(await h.scheduler.wakes.contains(id), "operator actions wake the campaign's runner")
        }
    }

    @Test func engineStatusReportsLeasesCPSAndDatabaseHealth() async throws {
        try await withHarness { h in
            let id = try await h.campaign("Running one")
            await h.scheduler.setRunning([id])
            try await h.limiter.acquire()
            try await h.limiter.acquire()
            try await h.connect { connection in
                let status = try await connection.request("engine.status").result(as: EngineStatus.self)
                #expect(status.instanceId == ControlHarness.instanceId)
                #expect(status.leases == [HeldLease(id: id.hex, name: "Running one")])
                #expect(status.cps == CPSUsage(inUse: 2, cap: 5))
                #expect(status.database.ok && status.database.latencyMs != nil)
                #expect(!status.draining)

                h.store.failAllOperations(with: .unavailable("no server reachable"))
                let down = try await connection.request("engine.status").result(as: EngineStatus.self)
                #expect(!down.database.ok)
                #expect(down.database.error?.contains("no server reachable") == true)
                h.store.failAllOperations(with: nil)
            }
        }
    }

    @Test func drainStopsTheSchedulerClaiming() async throws {
        try await withHarness { h in
            let result = try await h.connect { try await $0.request("engine.drain") }.result(as: DrainResult.self)
            #expect(result.draining)
            #expect(await h.scheduler.isDraining)
            let status = try await h.connect { try await $0.request("engine.status") }.result(as: EngineStatus.self)
            #expect(status.draining)
        }
    }

    @Test func importByPathStoresTheCampaignAndItsContacts() async throws {
        try await withHarness { h in
            let result = try await h.connect { try await $0.request("campaigns.import", ["path": .string(Repository.examples("demo"))]) }
                .result(as: ImportResult.self)
            let summary = try #require(result.campaign)
            #expect(result.contacts == 12)
            #expect(summary.status == "active")
            #expect(result.warnings.contains { $0.message.contains("do-not-call") && $0.line == 13 })
            let id = try #require(ObjectId(hex: summary.id))
            let stored = try #require(try await h.store.campaign(id: id))
            #expect(stored.contactIds.count == 12)
            #expect(stored.stats.totalContacts == 12)
            let contacts = try await h.store.listContacts(ContactFilter(campaignId: id), campaign: nil, page: PageRequest(offset: 0, limit: 100))
            #expect(contacts.total == 12)
            #expect(contacts.items.allSatisfy { $0.campaignIds == [id] })
            #expect(await h.scheduler.wakes.contains(nil), "an active import wakes the scheduler")
        }
    }

    @Test func importByFilesAndDryRun() async throws {
        try await withHarness { h in
            let files = try CampaignBundleLoader.readDirectory(Repository.examples("solar-renewals"))
            let args: [String: JSONValue] = ["files": .object(files.mapValues { .string($0) })]
            try await h.connect { connection in
                let dry = try await connection.request("campaigns.import", args.merging(["dryRun": .bool(true)]) { $1 }).result(as: ImportResult.self)
                #expect(dry.dryRun && dry.campaign == nil && dry.contacts == 10)
                #expect(try await h.store.listCampaigns(statuses: nil, page: PageRequest()).total == 0, "a dry run stores nothing")
                let real = try await connection.request("campaigns.import", args).result(as: ImportResult.self)
                #expect(real.campaign?.status == "draft")
                #expect(try await h.store.listCampaigns(statuses: nil, page: PageRequest()).total == 1)
            }
        }
    }
}

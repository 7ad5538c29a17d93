import DialerControl
import DialerCore
import DialerEngine
import DialerOperations
import DialerOperator
import DialerStore
import DialerTelephony
import DialerTestSupport
import Foundation
import Testing

/// Operators' campaign actions are recorded with who took them, and `show` lists the latest.
@Suite("Operator backend: who started, paused, resumed or stopped a campaign")
struct CampaignAuditTests {
    @Test func actionsOverTheSocketAreRecordedWithThePeerAndShownNewestFirst() async throws {
        try await withHarness { h in
            let id = try await h.campaign(status: .draft, contacts: 2)
            let args: [String: JSONValue] = ["id": .string(id.hex)]
            try await h.connect { connection async throws -> Void in
                for command in ["campaigns.start", "campaigns.pause", "campaigns.resume", "campaigns.stop"] {
                    h.clock.advance(by: .seconds(60))
                    #expect(try await connection.request(command, args).ok, "\(command)")
                }
                #expect(try await connection.request("campaigns.resume", args).code == "invalid_transition")
            }
            let peer = "control uid \(getuid())"
            let recorded = try await h.store.campaignActions(campaignId: id, limit: 10)
            #expect(recorded.map(\.action) == [.stop, .resume, .pause, .start], "a refused action is not recorded")
            #expect(recorded.allSatisfy { $0.by == peer })
            #expect(recorded.map(\.fromStatus) == [.active, .paused, .active, .draft])
            #expect(recorded.map(\.toStatus) == [.cancelled, .active, .paused, .active])
            #expect(recorded.first?.at == h.clock.now.date)

            let detail = try await h.connect { try await $0.request("campaigns.show", args) }.result(as: CampaignDetail.self)
            #expect(detail.recentActions == recorded.map(CampaignActionEntry.init))

            let shown = try await DialerctlBinaryTests().dialerctl(["show", id.hex], socket: h.socketPath)
            #expect(shown.status == 0, "stderr: \(shown.stderr)")
            #expect(shown.stdout.contains("Recent actions"))
            let pauseLine = shown.stdout.split(separator: "\n").first { $0.contains("pause") && !$0.contains("resume") }
            #expect(pauseLine?.contains(peer) == true && pauseLine?.contains("active → paused") == true, "\(shown.stdout)")
        }
    }

    @Test func theDetailListsOnlyTheLatestFive() async throws {
        try await withHarness { h in
            let id = try await h.campaign(status: .active)
            for round in 0..<4 {
                h.clock.advance(by: .seconds(1))
                _ = try await h.backend.pause(id: id, by: "api-key:bot-\(round)")
                h.clock.advance(by: .seconds(1))
                _ = try await h.backend.resume(id: id, by: "api-key:bot-\(round)")
            }
            let detail = try await h.backend.campaignDetail(id: id)
            #expect(detail.recentActions?.map(\.action) == ["resume", "pause", "resume", "pause", "resume"])
            #expect(detail.recentActions?.first?.by == "api-key:bot-3")
        }
    }

    @Test func anActionMustNameItsActor() async throws {
        try await withHarness { h in
            let id = try await h.campaign(status: .active)
            do {
                _ = try await h.backend.pause(id: id, by: " ")
                Issue.record("a pause by nobody was accepted")
            } catch let error as OperatorError {
                #expect(error.code == .badArgs)
            }
            #expect(try await h.store.campaign(id: id)?.status == .active)
        }
    }

    /// Fails one operation, as a database that drops a write would.
    struct FailingOne: StoreInterceptor {
        let operation: StoreOperation
        nonisolated(nonsending) func intercept<T>(_ operation: StoreOperation, _ body: nonisolated(nonsending) () async throws -> T) async throws -> T
        {
            if operation == self.operation { throw StoreError.unavailable("no primary") }
            return try await body()
        }
    }

    @Test func whenTheRecordFailsTheErrorSaysThePauseHeld() async throws {
        try await withHarness { h in
            let id = try await h.campaign(status: .active)
            let store = InterceptedStore(h.store, interceptor: FailingOne(operation: .recordCampaignAction))
            let backend = EngineOperatorBackend(
                store: store, operations: CampaignOperations(store: store, providers: ProviderRegistry([h.provider]), clock: h.clock),
                scheduler: h.scheduler, instanceId: ControlHarness.instanceId, clock: h.clock)
            do {
                _ = try await backend.pause(id: id, by: "control uid 1000")
                Issue.record("a pause whose record failed reported success")
            } catch let error as OperatorError {
                #expect(error.code == .unavailable)
                #expect(error.message.contains("campaign \(id.hex) is now paused, but recording that control uid 1000 did it (pause) failed"))
            }
            #expect(try await h.store.campaign(id: id)?.status == .paused, "the pause itself held")
        }
    }
}

import DialerControl
import DialerCore
import DialerOperator
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The socket as a transport: requests reach the backend with their arguments, the backend's
/// answers and errors reach the client unchanged, and watch streams are framed and paced here.
@Suite("Control socket: a transport over OperatorBackend")
struct TransportTests {
    @Test func everyCommandReachesTheBackendWithItsArguments() async throws {
        try await withSocket { h in
            let id = ObjectId()
            let args: [String: JSONValue] = ["id": .string(id.hex)]
            try await h.connect { connection in
                let info = try await connection.request("hello").result(as: ServerInfo.self)
                #expect(info.instanceId == FakeOperatorBackend.name)
                _ = try await connection.request("campaigns.list", ["status": .array([.string("active"), .string("paused")]), "limit": .int(7)])
                _ = try await connection.request("campaigns.list")
                #expect(try await connection.request("campaigns.show", args).result(as: CampaignDetail.self).campaign.id == id.hex)
                #expect(try await connection.request("campaigns.start", args).result(as: CampaignSummary.self).status == "active")
                #expect(try await connection.request("campaigns.pause", args).result(as: CampaignSummary.self).status == "paused")
                _ = try await connection.request("campaigns.resume", args)
                let stop = try await connection.request("campaigns.stop", ["id": .string(id.hex), "hangUp": .bool(true)])
                #expect(try stop.result(as: StopResult.self).campaign.status == "cancelled")
                _ = try await connection.request("engine.status")
                _ = try await connection.request("engine.drain")
                _ = try await connection.request("suppressions.add", ["numbers": .array([.string("+12125550101")])])
            }
            let peer = "control uid \(getuid())"
            #expect(
                h.backend.calls == [
                    "list active,paused 7", "list all 100", "show \(id.hex)", "start \(id.hex) by \(peer)", "pause \(id.hex) by \(peer)",
                    "resume \(id.hex) by \(peer)", "stop \(id.hex) hangUp=true by \(peer)", "engine.status", "drain",
                    "suppress +12125550101 by \(peer)"
                ])
        }
    }

    @Test func anImportIsCheckedHereAndOnlyAValidOneIsStored() async throws {
        let files: [String: JSONValue] = [
            "campaign.json": .string(#"{"name": "Renewals", "status": "draft", "callerId": "+14155550100", "settings": {"callDelay": 1000}}"#),
            "contacts.csv": .string("phoneNumber,name\n+12125550123,Ann\n+12125550124,Bob\n")
        ]
        try await withSocket { h in
            try await h.connect { connection in
                let dry = try await connection.request("campaigns.import", ["files": .object(files), "dryRun": .bool(true)])
                let dryResult = try dry.result(as: ImportResult.self)
                #expect(dryResult.dryRun && dryResult.campaign == nil && dryResult.contacts == 2)
                #expect(h.backend.calls.isEmpty, "a dry run never reaches the backend")
                let stored = try await connection.request("campaigns.import", ["files": .object(files)]).result(as: ImportResult.self)
                #expect(stored.campaign?.name == "Fake \(stored.campaign?.id.suffix(4) ?? "")")
            }
            #expect(h.backend.calls == ["import Renewals 2"])
        }
    }

    @Test func theBackendsErrorsReachTheClientUnchanged() async throws {
        try await withSocket { h in
            let id = ObjectId()
            try await h.connect { connection in
                let issue = ImportIssue(file: "contacts.csv", line: 3, field: "phoneNumber", message: "must be E.164")
                h.backend.fail(with: OperatorError(.invalidImport, "1 problem", issues: [issue]))
                let invalid = try await connection.request("campaigns.pause", ["id": .string(id.hex)])
                #expect(invalid.code == "invalid_import")
                #expect(invalid.error?.message == "1 problem")
                #expect(invalid.error?.issues == [issue])

                h.backend.fail(with: OperatorError(.unavailable, "the database did not answer"))
                #expect(try await connection.request("engine.status").code == "unavailable")

                struct Unexpected: Error {}
                h.backend.fail(with: Unexpected())
                let other = try await connection.request("campaigns.show", ["id": .string(id.hex)])
                #expect(other.code == "internal", "an error the backend did not translate is reported as internal")
                h.backend.fail(with: nil)
                #expect(try await connection.request("hello").ok)
            }
        }
    }

    private func progress(_ id: ObjectId, status: CampaignStatus = .active, placed: Int, at seconds: Double) -> CampaignProgress {
        CampaignProgress(
            id: id.hex, name: "Renewals", status: status.rawValue, total: 4, done: status == .completed ? 4 : 0, placed: placed,
            answered: 0, failed: 0, inFlight: 0, at: FakeOperatorBackend.now.addingTimeInterval(seconds))
    }

    /// Reads one interval's events: progress lines up to and including the tick, or the end.
    private func frame(_ connection: ControlConnection) async throws -> (progress: [CampaignProgress], end: ControlResponse?) {
        var progress: [CampaignProgress] = []
        while let reply = try await connection.nextReply() {
            switch reply {
            case .event(let event) where event.name == "progress": progress.append(try event.data(as: CampaignProgress.self))
            case .event(let event) where event.name == "tick": return (progress, nil)
            case .event: continue
            case .response(let response): return (progress, response)
            }
        }
        return (progress, nil)
    }

    @Test func aWatchRatesCallsPerSecondBetweenSnapshotsAndEndsWhenTheCampaignFinishes() async throws {
        try await withSocket { h in
            let id = ObjectId()
            h.backend.script(progress: [
                [progress(id, placed: 0, at: 0)], [progress(id, placed: 3, at: 1)], [progress(id, status: .completed, placed: 4, at: 2)]
            ])
            try await h.connect { connection in
                try await connection.send("watch", ["id": .string(id.hex)])
                #expect(try await frame(connection).progress.map(\.cps) == [0])
                for expected in [3.0, 1.0] {
                    while h.clock.sleeperCount == 0 { await Task.yield() }
                    h.clock.advance(by: .seconds(1))
                    #expect(try await frame(connection).progress.map(\.cps) == [expected])
                }
                let end = try #require(try await frame(connection).end)
                #expect(try end.result(as: WatchEnd.self).reason == "finished")
            }
            #expect(h.backend.calls == Array(repeating: "progress \(id.hex)", count: 3))
        }
    }

    @Test func aWatchOfACampaignTheBackendDoesNotKnowEndsWithItsError() async throws {
        try await withSocket { h in
            h.backend.fail(with: OperatorError(.notFound, "no campaign with id x"))
            let response = try await h.connect { try await $0.request("watch", ["id": .string(ObjectId().hex)]) }
            #expect(response.code == "not_found")
        }
    }
}

import DialerControl
import DialerCore
import DialerOperations
import DialerOperator
import DialerStore
import DialerTestSupport
import Foundation
import Testing

@Suite("Control socket: watch streams")
struct WatchTests {
    /// Reads one interval's events: progress lines up to and including the tick.
    private func frame(_ connection: ControlConnection) async throws -> (progress: [CampaignProgress], tick: WatchTick?, end: ControlResponse?) {
        var progress: [CampaignProgress] = []
        while let reply = try await connection.nextReply() {
            switch reply {
            case .event(let event) where event.name == "progress": progress.append(try event.data(as: CampaignProgress.self))
            case .event(let event) where event.name == "tick": return (progress, try event.data(as: WatchTick.self), nil)
            case .event: continue
            case .response(let response): return (progress, nil, response)
            }
        }
        return (progress, nil, nil)
    }

    /// Advances the manual clock once the watch sleeps on it.
    private func nextInterval(_ h: ControlHarness) async {
        while h.clock.sleeperCount == 0 { await Task.yield() }
        h.clock.advance(by: .seconds(1))
    }

    @Test func watchingOneCampaignStreamsProgressAndEndsWhenItFinishes() async throws {
        try await withHarness { h in
            let id = try await h.campaign("Renewals", contacts: 4, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 3, retryCount: 0))
            let runner = try await h.runner(for: id)
            try await h.connect { connection in
                try await connection.send("watch", ["id": .string(id.hex)])
                let first = try await frame(connection)
                #expect(first.progress.count == 1)
                let start = try #require(first.progress.first)
                #expect(start.name == "Renewals" && start.status == "active")
                #expect(start.total == 4 && start.done == 0 && start.placed == 0 && start.cps == 0)
                #expect(first.tick?.campaigns == 1)

                // Two calls before the next interval, a second later: 2 calls/s, two in flight.
                _ = try await runner.step(now: h.clock.now.date)
                _ = try await runner.step(now: h.clock.now.date)
                await nextInterval(h)
                let second = try await frame(connection)
                let moving = try #require(second.progress.first)
                #expect(moving.placed == 2 && moving.inFlight == 2)
                #expect(moving.cps == 2)

                _ = try await h.store.transitionCampaign(id: id, from: [.active], to: .completed, now: h.clock.now.date)
                await nextInterval(h)
                let last = try await frame(connection)
                #expect(last.progress.first?.status == "completed")
                let end = try #require(try await frame(connection).end)
                let result = try end.result(as: WatchEnd.self)
                #expect(result.reason == "finished")
                #expect(result.campaigns.map(\.status) == ["completed"])
                #expect(try await connection.request("hello").ok, "the connection is usable after the stream ends")
            }
        }
    }

    @Test func watchingEverythingShowsActiveAndPausedCampaignsAndKeepsFinishedOnes() async throws {
        try await withHarness { h in
            let active = try await h.campaign("A", status: .active)
            let paused = try await h.campaign("B", status: .paused)
            try await h.campaign("C", status: .draft)
            try await h.connect { connection in
                try await connection.send("watch")
                let first = try await frame(connection)
                #expect(Set(first.progress.map(\.id)) == [active.hex, paused.hex])
                _ = try await h.store.transitionCampaign(id: active, from: [.active], to: .completed, now: h.clock.now.date)
                await nextInterval(h)
                let second = try await frame(connection)
                #expect(second.progress.first { $0.id == active.hex }?.status == "completed", "a campaign that finished while watched stays in view")
                #expect(second.end == nil, "without an id, the stream runs until the client stops it")
            }
        }
    }

    @Test func anotherRequestEndsTheWatchAndIsAnswered() async throws {
        try await withHarness { h in
            let id = try await h.campaign(contacts: 1)
            try await h.connect { connection in
                let watchId = try await connection.send("watch", ["id": .string(id.hex)])
                _ = try await frame(connection)
                let helloId = try await connection.send("hello")
                var responses: [ControlResponse] = []
                while responses.count < 2, let reply = try await connection.nextReply() {
                    if case .response(let response) = reply { responses.append(response) }
                }
                #expect(responses.map(\.id) == [watchId, helloId])
                #expect(try responses[0].result(as: WatchEnd.self).reason == "superseded")
                #expect(responses[1].ok)
            }
        }
    }
}

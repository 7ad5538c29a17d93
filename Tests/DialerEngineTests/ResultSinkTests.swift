import DialerCore
import DialerEngine
import DialerStore
import Foundation
import Testing

/// Records what the engine reports; `callResulted` must not block, so it only appends.
final class RecordingResultSink: CallResultSink, @unchecked Sendable {
    private let lock = NSLock()
    private var received: [CallResultEvent] = []
    func callResulted(_ event: CallResultEvent) { lock.withLock { received.append(event) } }
    var events: [CallResultEvent] { lock.withLock { received } }
}

@Suite("Engine: call results reach the result sink")
struct ResultSinkTests {
    @Test func eachVerdictIsReportedOnceWithTheContactsNextState() async throws {
        let sink = RecordingResultSink()
        let h = try await EngineHarness(
            contacts: 2, settings: CampaignSettings(callDelay: 0, maxConcurrentCalls: 10, retryCount: 1, retryDelay: 60_000),
            resultSink: sink)
        let runner = try await h.runner()
        var placed: [String] = []
        for _ in 0..<2 {
            if case .placed(let attemptId) = try await runner.step(now: h.clock.now.date) { placed.append(attemptId) }
        }
        #expect(placed.count == 2)
        try await h.end(placed[0], .completed, answeredBy: "human", duration: 31)
        try await h.end(placed[1], .busy)
        // A repeated end (a duplicate webhook racing the reconciler) reaches the handler again.
        let ended = try #require(try await h.store.call(.attemptId(placed[0])))
        await h.handler.callEnded(ended)
        let events = sink.events
        #expect(events.count == 2, "one report per verdict, none for the repeat")
        #expect(events.map(\.state) == ["completed", "retry"])
        #expect(events.map(\.result) == ["completed-human", "busy"])
        #expect(events[0].call.duration == 31 && events[0].call.attempt == 1)
        #expect(events.allSatisfy { $0.campaignId == h.campaignId })
    }
}

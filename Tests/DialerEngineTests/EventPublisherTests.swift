import DialerCore
import DialerEngine
import DialerStore
import Foundation
import Testing

/// Records what the engine publishes and the contact's dial state at that moment; can be told
/// to fail, as a crash or a database error between the publish and the claim's finish would.
final class RecordingEventPublisher: EngineEventPublisher, @unchecked Sendable {
    private let lock = NSLock()
    private var failuresLeft = 0
    private var published: [(CallResultEvent, DialState?)] = []
    let store: InMemoryStore

    init(store: InMemoryStore) { self.store = store }

    func failNext(_ count: Int) { lock.withLock { failuresLeft = count } }
    var calls: [(event: CallResultEvent, stateThen: DialState?)] { lock.withLock { published.map { ($0.0, $0.1) } } }

    func callEnded(_ event: CallResultEvent, campaign: Campaign) async throws {
        let state = try await store.dialProgress(campaignId: event.campaignId, contactId: event.contactId)?.state
        try lock.withLock {
            if failuresLeft > 0 {
                failuresLeft -= 1
                throw StoreError.unavailable("injected")
            }
            published.append((event, state))
        }
    }
    func campaignCompleting(id: ObjectId, stats: CampaignStats) async throws {}
    func campaignCompletionRefused(id: ObjectId) async throws {}
}

@Suite("Engine: call ends are published before they are final")
struct EventPublisherTests {
    /// The event is published while the claim is still open; when publishing fails, the claim
    /// stays open, so the reconciler's later report of the same end publishes it then.
    @Test func aFailedPublishLeavesTheClaimForTheReconcilerToReportAgain() async throws {
        let store = InMemoryStore()
        let publisher = RecordingEventPublisher(store: store)
        let h = try await EngineHarness(contacts: 1, events: publisher, store: store)
        let runner = try await h.runner()
        guard case .placed(let attemptId) = try await runner.step(now: h.clock.now.date) else {
            Issue.record("no call placed")
            return
        }
        publisher.failNext(1)
        try await h.end(attemptId, .completed, answeredBy: "human", duration: 12)
        #expect(publisher.calls.isEmpty)
        var progress = try #require(try await h.progress().first)
        #expect(progress.state == .calling && progress.currentAttemptId == attemptId, "the claim was not finished")
        let ended = try #require(try await store.call(.attemptId(attemptId)))
        await h.handler.callEnded(ended)
        progress = try #require(try await h.progress().first)
        #expect(progress.state == .completed)
        let published = publisher.calls
        #expect(published.count == 1)
        #expect(published.first?.stateThen == .calling, "published before the claim was finished")
        #expect(published.first?.event.result == "completed-human" && published.first?.event.call.duration == 12)
    }
}

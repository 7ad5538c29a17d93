import DialerCore
import DialerEngine
import DialerStore
import DialerTelephony
import Foundation
import Testing

/// A CPS limiter that holds every caller until the test opens it, and says when one is waiting.
private final class HeldLimiter: CallRateLimiter, @unchecked Sendable {
    private let lock = NSLock()
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private let arrivals: AsyncStream<Void>.Continuation
    let arrived: AsyncStream<Void>

    init() { (arrived, arrivals) = AsyncStream.makeStream() }

    func acquire() async throws {
        await withCheckedContinuation { continuation in
            lock.withLock { waiters.append(continuation) }
            arrivals.yield()
        }
    }

    func open() {
        let waiting: [CheckedContinuation<Void, Never>] = lock.withLock {
            defer { waiters.removeAll() }
            return waiters
        }
        waiting.forEach { $0.resume() }
    }
}

/// A wait for a CPS slot has no bound: a claim held through it may outlive `reconcileAfter` or the
/// callee's window. After the wait a contact is dialed only if its claim is still ours and its
/// window still open.
@Suite struct CPSWaitTests {
    @Test func aClaimReleasedDuringTheWaitIsNotDialed() async throws {
        // 07:59:59 in New York: the first step finds the window shut, so the next one claims first.
        let start = ISO8601DateFormatter().date(from: "2026-11-23T12:59:59Z")!
        let limiter = HeldLimiter()
        let h = try await EngineHarness(contacts: 1, start: start, limiter: limiter)
        let runner = try await h.runner()
        guard case .wait(let opening) = try await runner.step(now: start) else { throw CancellationError() }
        h.clock.advance(to: opening)
        let step = Task { try await runner.step(now: h.clock.now.date) }
        var arrivals = limiter.arrived.makeAsyncIterator()
        _ = await arrivals.next()
        #expect(try await h.progress().first?.state == .calling, "the claim is held through the wait")

        h.clock.advance(by: .seconds(600))
        let report = await Reconciler(deps: h.deps, listener: h.handler).reconcileOnce()
        #expect(report.releasedClaims == 1)
        limiter.open()
        _ = try await step.value

        #expect(await h.provider.placeRequests.isEmpty, "the released claim must not be dialed")
        let progress = try #require(try await h.progress().first)
        #expect(progress.state == .pending && progress.attempts == 0)
        let campaign = try #require(try await h.store.campaign(id: h.campaignId))
        #expect(campaign.stats.callsPlaced == 0 && campaign.callIds.isEmpty)

        // Dialed once afterwards, under a fresh claim.
        let next = Task { try await runner.step(now: h.clock.now.date) }
        _ = await arrivals.next()
        limiter.open()
        #expect(try await next.value != .finished(.completed))
        #expect(await h.provider.placeRequests.count == 1)
    }

    @Test func aWindowThatClosesDuringTheWaitLeavesTheContactUntouched() async throws {
        // 20:59:59 in New York: the claim is made inside the window, the slot comes after 21:00.
        let start = ISO8601DateFormatter().date(from: "2026-11-24T01:59:59Z")!
        let limiter = HeldLimiter()
        let h = try await EngineHarness(contacts: 1, start: start, limiter: limiter)
        let runner = try await h.runner()
        let step = Task { try await runner.step(now: start) }
        var arrivals = limiter.arrived.makeAsyncIterator()
        _ = await arrivals.next()
        h.clock.advance(by: .seconds(2))
        limiter.open()
        _ = try await step.value

        #expect(await h.provider.placeRequests.isEmpty, "no dial after 21:00 in the callee's zone")
        let progress = try #require(try await h.progress().first)
        #expect(progress.state == .pending && progress.attempts == 0)
        let contact = try #require(try await h.store.contact(id: progress.contactId))
        #expect(contact.callCount == 0 && contact.callIds.isEmpty)
    }
}

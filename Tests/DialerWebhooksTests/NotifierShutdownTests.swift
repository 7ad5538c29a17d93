import DialerCore
import Foundation
import Logging
import ServiceLifecycle
import Testing

@testable import DialerWebhooks

/// Holds each delivered call end until the test lets it go, like an engine on a slow database.
private actor GatedListener: CallEndListener {
    private(set) var delivered: [String] = []
    private var gate: CheckedContinuation<Void, Never>?
    var isHolding: Bool { gate != nil }

    func callEnded(_ call: Call) async {
        delivered.append(call.attemptId)
        await withCheckedContinuation { gate = $0 }
    }

    func release() {
        gate?.resume()
        gate = nil
    }
}

@Suite("Call-end notifier: graceful shutdown") struct NotifierShutdownTests {
    @Test(.timeLimit(.minutes(1))) func queuedCallEndsAreDeliveredOnlyWithinTheShutdownGrace() async throws {
        let clock = ManualWallClock(start: Date(timeIntervalSince1970: 1_800_000_000))
        let listener = GatedListener()
        let notifier = CallEndNotifier(listener: listener, clock: clock, shutdownGrace: .seconds(2))
        for index in 1...3 {
            notifier.notify(
                Call(
                    attemptId: "att-\(index)", provider: .twilio, attempt: 1, status: .completed,
                    from: "+14155550000", to: "+12125550100", now: clock.now.date))
        }
        let group = ServiceGroup(configuration: .init(services: [notifier], logger: Logger(label: "test")))
        let running = Task { try await group.run() }
        while await !listener.isHolding { await Task.yield() }
        await group.triggerGracefulShutdown()
        while notifier.cutoff.withLock({ $0 }) == nil { await Task.yield() }

        // Inside the grace, the queue keeps going.
        await listener.release()
        while await listener.delivered.count < 2 { await Task.yield() }
        while await !listener.isHolding { await Task.yield() }
        // Past it, what is still queued is left to the reconciler, and the notifier returns.
        clock.advance(by: .seconds(2))
        await listener.release()
        try await running.value
        #expect(await listener.delivered == ["att-1", "att-2"])
    }
}

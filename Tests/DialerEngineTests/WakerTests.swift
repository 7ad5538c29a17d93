import DialerCore
import Foundation
import Testing

@testable import DialerEngine

/// The runner's sleep: cut short by the wakes it cares about, kept short by a wake that came
/// while nobody slept, and ended by its timer otherwise.
@Suite("Engine: waker") struct WakerTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// Starts a sleep and returns once it is parked on the clock's timer.
    private func sleeping(_ waker: Waker, clock: ManualWallClock, for seconds: Double, endsOnCallEnd: Bool) async -> Task<Void, Never> {
        let task = Task { await waker.sleep(until: Self.t0.addingTimeInterval(seconds), clock: clock, endsOnCallEnd: endsOnCallEnd) }
        while clock.sleeperCount == 0 { await Task.yield() }
        return task
    }

    @Test func theTimerEndsASleep() async {
        let clock = ManualWallClock(start: Self.t0)
        let waker = Waker()
        let task = await sleeping(waker, clock: clock, for: 5, endsOnCallEnd: true)
        clock.advance(by: .seconds(5))
        await task.value
        #expect(clock.sleeperCount == 0)
    }

    @Test func aCallEndWakesASlotWaiterAndCancelsItsTimer() async {
        let clock = ManualWallClock(start: Self.t0)
        let waker = Waker()
        let task = await sleeping(waker, clock: clock, for: 60, endsOnCallEnd: true)
        waker.wake(.callEnded)
        await task.value
        #expect(clock.sleeperCount == 0)
    }

    @Test func aCallEndLeavesAPacingSleepAloneButAnOperatorWakeEndsIt() async {
        let clock = ManualWallClock(start: Self.t0)
        let waker = Waker()
        let task = await sleeping(waker, clock: clock, for: 60, endsOnCallEnd: false)
        waker.wake(.callEnded)
        for _ in 0..<100 { await Task.yield() }
        #expect(clock.sleeperCount == 1)
        waker.wake(.other)
        await task.value
        #expect(clock.sleeperCount == 0)
    }

    @Test func aWakeWhileNobodySleepsEndsTheNextSleepAtOnce() async {
        let clock = ManualWallClock(start: Self.t0)
        let waker = Waker()
        waker.wake(.callEnded)
        // Kept for a sleep that waits for calls: it returns without a timer.
        await waker.sleep(until: Self.t0.addingTimeInterval(60), clock: clock, endsOnCallEnd: true)
        waker.wake(.other)
        await waker.sleep(until: Self.t0.addingTimeInterval(60), clock: clock, endsOnCallEnd: false)
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancellationEndsASleep() async {
        let clock = ManualWallClock(start: Self.t0)
        let waker = Waker()
        let task = await sleeping(waker, clock: clock, for: 60, endsOnCallEnd: false)
        task.cancel()
        await task.value
        #expect(clock.sleeperCount == 0)
    }
}

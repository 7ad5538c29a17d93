import Testing

@testable import DialerCore

@Suite struct TimerHeapTests {
    @Test func aTimerWithToleranceRidesAnEarlierWakeButNeverFiresBeforeItsDeadline() {
        var heap = TimerHeap()
        _ = heap.insert(deadline: 100, tolerance: 0) {}
        _ = heap.insert(deadline: 95, tolerance: 10) {}
        _ = heap.insert(deadline: 120, tolerance: 10) {}
        // The loop sleeps until the earliest latest-time: 100 (strict), not 95 or 105.
        #expect(heap.nextWake() == 100)
        // Woken at 100, both timers due by then fire; the one due at 120 does not.
        #expect(heap.popDue(now: 100) != nil)
        #expect(heap.popDue(now: 100) != nil)
        #expect(heap.popDue(now: 100) == nil)
        // Alone, it is fired no later than its deadline plus tolerance.
        #expect(heap.nextWake() == 130)
        #expect(heap.popDue(now: 119) == nil)
        #expect(heap.popDue(now: 120) != nil)
        #expect(heap.isEmpty)
    }

    @Test func cancelledTimersNeitherFireNorHoldAWake() {
        var heap = TimerHeap()
        let early = heap.insert(deadline: 10, tolerance: 0) {}
        _ = heap.insert(deadline: 50, tolerance: 0) {}
        heap.cancel(early)
        #expect(heap.nextWake() == 50)
        #expect(heap.popDue(now: 49) == nil)
        #expect(heap.popDue(now: 50) != nil)
        #expect(heap.nextWake() == nil)
    }
}

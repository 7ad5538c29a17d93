import DialerNotify
import Foundation
import Testing

@Suite("Event webhooks: retry timing")
struct DeliveryBackoffTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func waitsDoubleUpToTheLongestWithJitterAdded() {
        let backoff = DeliveryBackoff.standard
        let giveUp = t0.addingTimeInterval(86_400)
        let waits = (1...12).map { backoff.nextAttempt(after: $0, now: t0, giveUpAt: giveUp, random: 0)!.timeIntervalSince(t0) }
        #expect(waits == [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600, 3600])
        #expect(backoff.nextAttempt(after: 1, now: t0, giveUpAt: giveUp, random: 0.5)!.timeIntervalSince(t0) == 11)
        #expect(backoff.nextAttempt(after: 1_000, now: t0, giveUpAt: giveUp, random: 0)!.timeIntervalSince(t0) == 3600)
    }

    @Test func noAttemptIsScheduledAfterTheGiveUpTime() {
        let backoff = DeliveryBackoff.standard
        #expect(backoff.nextAttempt(after: 10, now: t0, giveUpAt: t0.addingTimeInterval(3599), random: 0) == nil)
        #expect(backoff.nextAttempt(after: 10, now: t0, giveUpAt: t0.addingTimeInterval(3600), random: 0) != nil)
    }
}

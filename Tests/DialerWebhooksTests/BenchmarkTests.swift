import DialerWebhooks
import Foundation
import Testing

@Suite("Twilio callback benchmark") struct BenchmarkTests {
    /// Small by default so the suite stays fast; DIALER_WEBHOOK_BENCH_CALLS and
    /// DIALER_WEBHOOK_BENCH_CONCURRENCY size it (run it in a release build for a meaningful figure).
    @Test func theBenchmarkIngestsEveryCallbackAndReportsItsRate() async throws {
        let environment = ProcessInfo.processInfo.environment
        let calls = environment["DIALER_WEBHOOK_BENCH_CALLS"].flatMap { Int($0) } ?? 250
        let concurrency = environment["DIALER_WEBHOOK_BENCH_CONCURRENCY"].flatMap { Int($0) } ?? 16
        let result = try await TwilioCallbackBenchmark(calls: calls, concurrency: concurrency).run()
        print("webhook benchmark: \(result)")
        #expect(result.callbacks == calls * 4)
        #expect(result.mismatches == 0)
        #expect(result.perSecond > 0)
    }
}

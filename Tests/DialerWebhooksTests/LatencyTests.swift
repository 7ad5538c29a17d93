import DialerCore
import DialerStore
import DialerTelephony
import DialerWebhooks
import Foundation
import Testing

/// Twilio gives up on a webhook after 15 s. A handler waits only on its own store writes;
/// this measures the whole HTTP round trip over loopback, client included.
@Suite("Handler latency") struct LatencyTests {
    @Test func signedStatusCallbacksAnswerFarBelowTwiliosTimeout() async throws {
        try await WebhookHarness.with { (h: WebhookHarness) async throws in
            let calls = 100
            for n in 0..<calls { try await h.insertCall(attemptId: "att-\(n)", callSid: "CA\(n)") }
            let clock = ContinuousClock()
            var samples: [Duration] = []
            for n in 0..<calls {
                for (sequence, status) in ["ringing", "in-progress", "completed"].enumerated() {
                    let params = Payloads.twilioStatus(
                        callSid: "CA\(n)", status: status, sequence: sequence + 1,
                        duration: status == "completed" ? 20 : nil)
                    let started = clock.now
                    let response = try await h.postTwilio(.twilioStatus, params, attemptId: "att-\(n)")
                    samples.append(started.duration(to: clock.now))
                    #expect(response.status == 200)
                }
            }
            samples.sort()
            let p50 = samples[samples.count / 2]
            let p99 = samples[samples.count * 99 / 100]
            let worst = samples.last!
            print(
                "webhook latency over loopback (\(samples.count) signed Twilio callbacks, in-memory store): "
                    + "p50 \(p50), p99 \(p99), max \(worst)")
            #expect(worst < .seconds(10), "Twilio gives up after 15 s; a loaded 2-core CI box still answers in well under that")
            #expect(await h.listener.waitFor(calls).count == calls)
        }
    }

    @Test func aSlowEngineDoesNotDelayTheAnswer() async throws {
        // The engine takes a minute over every ended call; the callbacks must not wait for it.
        try await WebhookHarness.with(listener: RecordingListener(delay: .seconds(60))) { (h: WebhookHarness) async throws in
            for n in 0..<3 { try await h.insertCall(attemptId: "att-\(n)", callSid: "CA\(n)") }
            let clock = ContinuousClock()
            let started = clock.now
            for n in 0..<3 {
                let params = Payloads.twilioStatus(callSid: "CA\(n)", status: "completed", sequence: 3, duration: 7)
                #expect(try await h.postTwilio(.twilioStatus, params, attemptId: "att-\(n)").status == 200)
            }
            #expect(started.duration(to: clock.now) < .seconds(10))
            #expect(await h.listener.waitFor(1).count == 1, "the engine heard of the first end and is still busy with it")
            #expect(try await h.call(attemptId: "att-2")?.status == .completed)
        }
    }
}

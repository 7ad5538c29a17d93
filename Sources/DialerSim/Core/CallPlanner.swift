import DialerCore

/// Turns a drawn outcome into a timeline. Everything random is drawn here, in a fixed
/// order, so one seed and one request order give one set of timelines.
struct CallPlanner {
    var latency: LatencyProfile

    func timeline(
        outcome: SimOutcome, route: SimRoute, options: TwilioCallOptions, dispatchAt: Duration,
        amdEnabled: Bool, generator g: inout SeededGenerator
    ) -> [TimelineEntry] {
        var entries = [TimelineEntry(at: dispatchAt, step: .initiated)]
        var t = dispatchAt
        func after(_ seconds: Double) -> Duration {
            t += latency.scaled(seconds)
            return t
        }
        if outcome == .failed {
            entries.append(.init(at: after(g.uniform(latency.failAfter)), step: .ended(.failed, durationSeconds: 0)))
            if route == .bland { entries.append(.init(at: after(g.uniform(latency.postCallDelay)), step: .postCall)) }
            return entries
        }
        entries.append(.init(at: after(g.uniform(latency.ringDelay)), step: .ringing))
        switch outcome {
        case .busy:
            entries.append(.init(at: after(g.uniform(latency.busyAfter)), step: .ended(.busy, durationSeconds: 0)))
        case .noAnswer:
            entries.append(.init(at: after(options.ringTimeoutSeconds), step: .ended(.noAnswer, durationSeconds: 0)))
        case .human, .machine:
            // An answer after the ring timeout would be a no-answer; keep it inside.
            let ring = min(g.uniform(latency.answerAfter), max(0, options.ringTimeoutSeconds - 1))
            let answeredBy = outcome == .human ? "human" : machineAnswer(options.machineDetection)
            let syncAMD = amdEnabled && !options.asyncAmd
            let answerAt = after(ring)
            entries.append(.init(at: answerAt, step: .answered(answeredBy: syncAMD ? answeredBy : nil)))
            let amdDelay = g.uniform(latency.amdDelay)
            var talk = g.uniform(outcome == .human ? latency.humanTalk : latency.machineTalk)
            if let limit = options.timeLimitSeconds { talk = min(talk, limit) }
            if amdEnabled && options.asyncAmd && amdDelay < talk {
                entries.append(.init(at: answerAt + latency.scaled(amdDelay), step: .amdResult(answeredBy)))
            }
            entries.append(.init(at: after(talk), step: .ended(.completed, durationSeconds: Int(talk.rounded()))))
            if options.record {
                entries.append(.init(at: t + latency.scaled(g.uniform(latency.recordingDelay)), step: .recordingReady))
            }
        case .failed:
            break
        }
        if route == .bland || (route == .elevenLabs && (outcome == .human || outcome == .machine)) {
            entries.append(.init(at: t + latency.scaled(g.uniform(latency.postCallDelay)), step: .postCall))
        }
        return entries.sorted { $0.at < $1.at }
    }

    /// The tail after an API hang-up or cancel at `now`.
    func endedEarly(call: SimCall, now: Duration, status: CallStatus, generator g: inout SeededGenerator) -> [TimelineEntry] {
        var seconds = 0
        if status == .completed, let answered = call.answeredAt(by: now) {
            seconds = Int((SimTime.seconds(now - answered) / max(latency.timeScale, 1e-9)).rounded())
        }
        var tail = [TimelineEntry(at: now, step: .ended(status, durationSeconds: seconds))]
        if status == .completed, call.twilio.record {
            tail.append(.init(at: now + latency.scaled(g.uniform(latency.recordingDelay)), step: .recordingReady))
        }
        if call.route == .bland || (call.route == .elevenLabs && status == .completed) {
            tail.append(.init(at: now + latency.scaled(g.uniform(latency.postCallDelay)), step: .postCall))
        }
        return tail
    }

    private func machineAnswer(_ detection: String?) -> String {
        detection == "DetectMessageEnd" ? "machine_end_beep" : "machine_start"
    }
}

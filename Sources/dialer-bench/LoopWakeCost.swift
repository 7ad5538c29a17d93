import DialerCore

/// The CPU one timed wake of a task on an engine loop costs: the floor under any work the
/// engine does per wake. On these virtual machines it grows with the idle time before the
/// wake and drifts from one hour to the next, so benchmarks divide by it, measured in the run.
enum LoopWakeCost {
    static func measure(on loop: EngineLoop, interval: Duration, wakes: Int) async throws -> Double {
        let before = CPUTime.now()
        try await Task(executorPreference: loop) {
            for _ in 0..<wakes { try await loop.sleep(until: .now + interval) }
        }.value
        return (CPUTime.now() - before) / Double(wakes)
    }
}

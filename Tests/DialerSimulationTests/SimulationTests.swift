import Foundation
import Testing

/// The whole engine, several instances on one store, under random interleavings and faults.
/// `DIALER_SIM_SEEDS` sets how many seeds run (from `DIALER_SIM_FIRST_SEED`, default 1);
/// `DIALER_SIM_SEED` replays one. A failing seed prints itself.
@Suite("Deterministic simulation")
struct SimulationTests {
    private static let environment = ProcessInfo.processInfo.environment

    static var seeds: [UInt64] {
        if let one = environment["DIALER_SIM_SEED"].flatMap(UInt64.init) { return [one] }
        let count = environment["DIALER_SIM_SEEDS"].flatMap(UInt64.init) ?? 300
        let first = environment["DIALER_SIM_FIRST_SEED"].flatMap(UInt64.init) ?? 1
        return Array(first..<(first + count))
    }

    @Test("every seed keeps the engine's promises")
    func seedsHold() async throws {
        let clock = ContinuousClock()
        let began = clock.now
        var failures: [String] = []
        var steps = 0
        var calls = 0
        for seed in Self.seeds {
            if Self.environment["DIALER_SIM_VERBOSE"] != nil { print("simulation: seed \(seed) starts") }
            let outcome = try await SimRun.run(seed: seed)
            steps += outcome.steps
            calls += outcome.calls
            if !outcome.violations.isEmpty {
                failures.append("\(outcome.summary)\n  " + outcome.violations.prefix(5).joined(separator: "\n  "))
            }
        }
        let elapsed = clock.now - began
        print("simulation: \(Self.seeds.count) seeds, \(calls) calls, \(steps) steps in \(elapsed); \(failures.count) failed")
        for failure in failures.prefix(20) { print("simulation failure: \(failure)") }
        #expect(failures.isEmpty, "\(failures.count) seeds broke an invariant; replay one with DIALER_SIM_SEED=<seed>")
    }

    @Test("a seed replays exactly")
    func replay() async throws {
        for seed: UInt64 in [7, 42] {
            let first = try await SimRun.run(seed: seed)
            let second = try await SimRun.run(seed: seed)
            #expect(first.steps == second.steps && first.traceHash == second.traceHash, "seed \(seed) did not replay")
            #expect(first.violations == second.violations)
        }
    }
}

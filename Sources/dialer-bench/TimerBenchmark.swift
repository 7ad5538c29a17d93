import ArgumentParser
import DialerCore
import Foundation

/// What one timed wake costs in CPU: the figure behind running the engine on an `EngineLoop`.
struct TimerBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timers",
        abstract: "Compares the CPU cost of a timed wake: Task.sleep on the global pool versus an engine loop's timer.")

    @Option(help: "Wakes per kind.") var wakes = 500
    @Option(help: "Milliseconds between wakes.") var intervalMs = 10

    func run() async throws {
        let interval = Duration.milliseconds(intervalMs)
        let dispatch = try await cpuPerWake {
            for _ in 0..<wakes { try await Task.sleep(for: interval) }
        }
        let loop = EngineLoop()
        defer { loop.shutdown() }
        let onLoop = try await cpuPerWake {
            try await Task(executorPreference: loop) {
                for _ in 0..<wakes { try await loop.sleep(until: .now + interval) }
            }.value
        }
        print("timer benchmark: \(wakes) wakes each, \(intervalMs) ms apart")
        print(String(format: "  Task.sleep on the global pool: %.1f µs CPU per wake", dispatch * 1e6))
        print(String(format: "  engine loop timer:             %.1f µs CPU per wake", onLoop * 1e6))
        print(String(format: "  loop / global pool: %.3f", onLoop / dispatch))
    }

    private func cpuPerWake(_ body: () async throws -> Void) async throws -> Double {
        let before = CPUTime.now()
        try await body()
        return (CPUTime.now() - before) / Double(wakes)
    }
}

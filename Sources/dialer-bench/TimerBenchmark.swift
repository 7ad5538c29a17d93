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
        let onLoop = try await LoopWakeCost.measure(on: loop, interval: interval, wakes: wakes)
        let bare = try await cpuPerWake {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                TimerChain(loop: loop, interval: interval, remaining: wakes, done: done).next()
            }
        }
        print("timer benchmark: \(wakes) wakes each, \(intervalMs) ms apart, CPU per wake (getrusage)")
        print(String(format: "  Task.sleep on the global pool:       %.1f µs", dispatch * 1e6))
        print(String(format: "  a task sleeping on an engine loop:   %.1f µs", onLoop * 1e6))
        print(String(format: "  an engine loop timer with no task:   %.1f µs", bare * 1e6))
        print(String(format: "  engine loop / global pool: %.3f", onLoop / dispatch))
    }

    private func cpuPerWake(_ body: () async throws -> Void) async throws -> Double {
        let before = CPUTime.now()
        try await body()
        return (CPUTime.now() - before) / Double(wakes)
    }
}

/// Each timer sets the next from the loop's thread: the loop's own cost, without task resumption.
private final class TimerChain: @unchecked Sendable {
    private let loop: EngineLoop
    private let interval: Duration
    private var remaining: Int
    private let done: CheckedContinuation<Void, Never>

    init(loop: EngineLoop, interval: Duration, remaining: Int, done: CheckedContinuation<Void, Never>) {
        self.loop = loop
        self.interval = interval
        self.remaining = remaining
        self.done = done
    }

    func next() {
        guard remaining > 0 else { return done.resume() }
        remaining -= 1
        _ = loop.schedule(at: .now + interval) { self.next() }
    }
}

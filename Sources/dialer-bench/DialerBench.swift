import ArgumentParser

/// Benchmarks against an in-process dialer-sim. Run in release:
/// `swift run -c release dialer-bench cps`.
@main
struct DialerBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dialer-bench",
        abstract: "Measures the dialer's pacing against an in-process dialer-sim, and its operator API under wrk.",
        subcommands: [CPSBenchmark.self, EngineBenchmark.self, TimerBenchmark.self, APIBenchmark.self])
}

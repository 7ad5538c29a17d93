import ArgumentParser
import DialerControl
import DialerOperator
import Foundation

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Engine status: instance, leases held, calls per second, database health.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let session = Session(global)
        try await session.run("engine.status") { session.formatter.engineStatus(try $0.result(as: EngineStatus.self)) }
    }
}

struct Drain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stop claiming new calls, let calls in flight finish, then let dialerd exit.",
        discussion: "With --wait, returns only once dialerd has exited (its control socket stops answering); "
            + "exit status 0 then, 4 if it is still running after --timeout seconds.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Wait until dialerd has exited.")
    var wait = false

    @Option(help: "With --wait: give up after this many seconds (default: 300).")
    var timeout: Double = 300

    func run() async throws {
        let session = Session(global)
        try await session.run("engine.drain") { session.formatter.drain(try $0.result(as: DrainResult.self)) }
        guard wait else { return }
        let started = ContinuousClock.now
        let waited = await DrainWaiter(socketPath: global.socketPath, timeout: .milliseconds(Int64(timeout * 1000))).waitForExit()
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        if waited {
            if !global.json { Output.line("dialerd has drained and exited (waited \(String(format: "%.1f", seconds)) s).") }
        } else {
            Output.error("dialerctl: dialerd is still running after \(Int(timeout)) s")
            throw ExitCode(Exit.stillRunning)
        }
    }
}

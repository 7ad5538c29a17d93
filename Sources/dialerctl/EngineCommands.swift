import ArgumentParser
import DialerControl

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
        abstract: "Stop claiming new calls, let calls in flight finish, then let dialerd exit.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let session = Session(global)
        try await session.run("engine.drain") { session.formatter.drain(try $0.result(as: DrainResult.self)) }
    }
}

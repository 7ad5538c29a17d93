import ArgumentParser
import DialerControl
import DialerCore
import DialerOperator
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Live progress per campaign: placed/total, answered, failed, in flight, calls per second.",
        discussion: "Without an ID, every active and paused campaign. On a terminal the view refreshes in place; otherwise one line per update.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Campaign id; omit to watch every active and paused campaign.")
    var id: String?

    @Flag(inversion: .prefixedNo, help: "Exit 0 once the watched campaign(s) are completed or cancelled (default: on when an ID is given).")
    var untilDone: Bool?

    @Option(help: "Refresh interval in milliseconds (50–60000; default: dialerd's, 1000).")
    var intervalMs: Int?

    @Flag(help: "Plain lines even on a terminal.")
    var plain = false

    func validate() throws {
        if let id, ObjectId(hex: id) == nil { throw ValidationError("'\(id)' is not a campaign id: expected 24 hex digits") }
        if let intervalMs, !(50...60_000).contains(intervalMs) { throw ValidationError("--interval-ms must be between 50 and 60000") }
    }

    func run() async throws {
        var args: [String: JSONValue] = [:]
        if let id { args["id"] = .string(id.lowercased()) }
        if let untilDone { args["untilDone"] = .bool(untilDone) }
        if let intervalMs { args["intervalMs"] = .int(Int64(intervalMs)) }
        let json = global.json
        let live = !json && !plain && isatty(STDOUT_FILENO) == 1
        let session = Session(global)
        try await session.connect { connection in
            try await connection.send("watch", args)
            var board = ProgressBoard(ascii: !live)
            var frame: [CampaignProgress] = []
            var saidNothingToWatch = false
            while let reply = try await connection.nextReply() {
                switch reply {
                case .event(let event):
                    if json {
                        Output.raw(String(decoding: event.line, as: UTF8.self))
                        continue
                    }
                    switch event.name {
                    case "progress":
                        let progress = try event.data(as: CampaignProgress.self)
                        frame.append(progress)
                        if !live { Output.line(board.plainLine(progress)) }
                    case "tick":
                        // Plain output says once that there is nothing to show, rather than staying silent.
                        if !live, frame.isEmpty, !saidNothingToWatch { Output.line(ProgressBoard.nothingToWatch) }
                        saidNothingToWatch = frame.isEmpty
                        if live {
                            let tick = try event.data(as: WatchTick.self)
                            Output.raw(board.redraw(frame, footer: "updated \(DisplayText.date(tick.at))  ·  Ctrl-C to quit"))
                        }
                        frame = []
                    case "error":
                        let error = try event.data(as: ControlErrorBody.self)
                        Output.error("dialerd: \(error.code): \(error.message)")
                    default:
                        continue
                    }
                case .response(let response):
                    try session.show(response) { response in
                        let end = try response.result(as: WatchEnd.self)
                        return end.campaigns.map {
                            "\($0.name): \($0.status) — \($0.done)/\($0.total) done, \($0.answered) answered, \($0.failed) failed"
                        }
                        .joined(separator: "\n")
                    }
                    return
                }
            }
            Output.error("dialerctl: dialerd closed the connection")
            throw ExitCode(Exit.cannotConnect)
        }
    }
}

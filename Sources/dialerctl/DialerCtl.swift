import ArgumentParser
import Foundation

/// Exit statuses scripts can rely on.
enum Exit {
    static let ok: Int32 = 0
    /// dialerd answered with an error: not_found, invalid_transition, invalid_import, …
    static let serverError: Int32 = 1
    /// Bad command line.
    static let usage: Int32 = 2
    /// No dialerd to talk to, or the connection dropped.
    static let cannotConnect: Int32 = 3
    /// `drain --wait` timed out with dialerd still running.
    static let stillRunning: Int32 = 4
}

@main
struct DialerCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dialerctl",
        abstract: "Operate a running dialerd through its control socket.",
        discussion: """
                The socket is --socket PATH, else $DIALER_SOCKET, else $XDG_RUNTIME_DIR/dialer/dialerd.sock \
                (or /tmp/dialer-$UID/dialerd.sock without XDG_RUNTIME_DIR).

            Exit status: 0 success, 1 dialerd reported an error, 2 usage error, 3 cannot reach dialerd.
            """,
        subcommands: [
            ListCampaigns.self, Show.self, Start.self, Pause.self, Resume.self, Stop.self, Status.self, Drain.self,
            Watch.self, Import.self, Sheet.self, Suppress.self, APIKeys.self
        ]
    )

    /// ArgumentParser exits 64 on usage errors; dialerctl promises 2.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(Exit.ok)
            }
            if !message.isEmpty { Output.error(message) }
            Foundation.exit(code == .validationFailure ? Exit.usage : code.rawValue)
        }
    }
}

import ArgumentParser
import DialerControl
import DialerCore
import Foundation

struct GlobalOptions: ParsableArguments {
    @Option(help: "Control socket path (default: $DIALER_SOCKET, else $XDG_RUNTIME_DIR/dialer/dialerd.sock).")
    var socket: String?

    @Flag(help: "Print dialerd's raw JSON response lines instead of tables.")
    var json = false

    var socketPath: String { socket ?? ControlSocketPath.forClient() }
}

enum Output {
    /// Unbuffered, so lines and in-place redraws reach the terminal at once and in order.
    static func line(_ text: String) {
        raw(text + "\n")
    }

    static func raw(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}

/// One dialerctl invocation: connect, ask, print, and turn failures into exit statuses.
struct Session {
    let options: GlobalOptions
    var formatter = ControlFormatter()

    init(_ options: GlobalOptions) { self.options = options }

    func connect<R: Sendable>(_ body: (ControlConnection) async throws -> R) async throws -> R {
        do {
            return try await ControlClient.withConnection(socketPath: options.socketPath, body)
        } catch let error as ControlClientError {
            Output.error("dialerctl: \(error)")
            switch error {
            case .cannotConnect, .connectionClosed: throw ExitCode(Exit.cannotConnect)
            case .badReply, .server: throw ExitCode(Exit.serverError)
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            Output.error("dialerctl: lost the connection to dialerd: \(error)")
            throw ExitCode(Exit.cannotConnect)
        }
    }

    /// Sends one command and prints its result: raw with --json, else `render`'s text.
    func run(
        _ command: String, _ args: [String: JSONValue] = [:], errorDirectory: String? = nil,
        render: @escaping (ControlResponse) throws -> String
    ) async throws {
        let response = try await connect { try await $0.request(command, args) }
        try show(response, errorDirectory: errorDirectory, render: render)
    }

    func show(_ response: ControlResponse, errorDirectory: String? = nil, render: (ControlResponse) throws -> String) throws {
        if options.json { Output.raw(String(decoding: response.line, as: UTF8.self)) }
        guard response.ok else {
            if !options.json, let error = response.error { Output.error(formatter.error(error, directory: errorDirectory)) }
            throw ExitCode(Exit.serverError)
        }
        guard !options.json else { return }
        do {
            Output.line(try render(response))
        } catch {
            Output.error("dialerctl: \(error)")
            throw ExitCode(Exit.serverError)
        }
    }
}

/// A campaign id argument, checked before anything is sent.
struct CampaignIdArgument: ParsableArguments {
    @Argument(help: "Campaign id (24 hex digits, as `dialerctl list` shows).")
    var id: String

    func validate() throws {
        guard ObjectId(hex: id) != nil else { throw ValidationError("'\(id)' is not a campaign id: expected 24 hex digits") }
    }

    var args: [String: JSONValue] { ["id": .string(id.lowercased())] }
}

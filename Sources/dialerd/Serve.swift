import ArgumentParser
import DialerCore
import DialerEngine
import DialerStore
import DialerTelephony
import DialerWebhooks
import Foundation
import Logging
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the engine: scheduler, reconciler, webhook server and control socket.",
        discussion: "Every setting can come from --config FILE (JSON), an environment variable, or a flag; "
            + "a flag beats the environment, which beats the file.\n\n"
            + Setting.all.map {
                "  \($0.flag) / \($0.environmentVariable)\($0.secret ? " (secret)" : "")\n      \($0.help)"
                    + ($0.defaultValue.map { " [default: \($0)]" } ?? "")
            }.joined(separator: "\n")
    )

    @Option(help: "JSON file of settings (keys as in the list below, e.g. \"mongoUri\").")
    var config: String?

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var settings: [String] = []

    func run() async throws {
        let configuration: ServeConfiguration
        do {
            let file = try config.map { path throws(ConfigurationProblem) in try ServeConfiguration.readFile(path) } ?? [:]
            let flags = try ServeConfiguration.parseFlags(settings)
            let merged = ServeConfiguration.merge(file: file, environment: ProcessInfo.processInfo.environment, flags: flags)
            configuration = try ServeConfiguration.validate(merged).get()
        } catch let problem as ConfigurationProblem {
            Self.fail([problem])
        } catch let problems as ConfigurationProblems {
            Self.fail(problems.problems)
        }
        LogSetup.bootstrap(configuration)
        let logger = Logger(label: "dialerd")
        logger.info("starting", metadata: ["configuration": "\(configuration)"])
        do {
            try await DialerdServices(configuration: configuration, logger: logger).run()
        } catch {
            // Through the log handler, so the failure is a JSON line when logs are JSON, and scrubbed.
            logger.critical("dialerd stopped on an error", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
    }

    static func fail(_ problems: [ConfigurationProblem]) -> Never {
        let lines = problems.map { "  - \($0)" }.joined(separator: "\n")
        FileHandle.standardError.write(Data("dialerd: cannot start, the configuration has \(problems.count) problem(s):\n\(lines)\n".utf8))
        Foundation.exit(78)
    }
}

import ArgumentParser
import DialerControl
import DialerCore
import DialerOperator
import Foundation

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import a campaign directory (campaign.json + contacts.csv or contacts.json).",
        discussion: "Every file is checked first; problems are listed by file and line, and nothing is imported unless all is valid.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The campaign directory, e.g. campaigns-examples/demo.")
    var directory: String

    @Flag(help: "Check the files only; import nothing.")
    var dryRun = false

    @Flag(help: "Let dialerd read the directory itself instead of sending the files.")
    var serverReads = false

    func run() async throws {
        var args: [String: JSONValue] = ["dryRun": .bool(dryRun)]
        if serverReads {
            args["path"] = .string(URL(fileURLWithPath: directory).standardizedFileURL.path)
        } else {
            do {
                let files = try await CampaignBundleLoader.readFiles(in: directory)
                args["files"] = .object(files.mapValues { .string($0) })
            } catch let issues as ImportIssues {
                Output.error(issues.issues.map(\.description).joined(separator: "\n"))
                throw ExitCode(Exit.usage)
            }
        }
        let session = Session(global)
        try await session.run("campaigns.import", args, errorDirectory: directory) {
            session.formatter.importResult(try $0.result(as: ImportResult.self), directory: directory)
        }
    }
}

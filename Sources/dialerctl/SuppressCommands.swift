import ArgumentParser
import DialerControl
import DialerCore
import Foundation

struct Suppress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The global suppression list: numbers no campaign dials.",
        discussion: "Every claim checks the list, so a number added here is not dialed again by any campaign, running or not.",
        subcommands: [SuppressAdd.self, SuppressImport.self, SuppressRemove.self, SuppressList.self])
}

struct SuppressAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Suppress numbers (E.164, or 10-digit US numbers). A number already on the list keeps its first entry.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "One or more phone numbers.") var numbers: [String]
    @Option(help: "Why (recorded with each entry).") var reason: String?

    func run() async throws {
        var args: [String: JSONValue] = ["numbers": .array(numbers.map { .string($0) })]
        if let reason { args["reason"] = .string(reason) }
        try await Session(global).run("suppressions.add", args) { SuppressionText.report(try $0.result(as: SuppressionReport.self)) }
    }
}

struct SuppressImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Suppress every number of a CSV file.",
        discussion: """
            One number a row, in the first column, or in a column named phoneNumber, phone or number when the first row names \
            the columns (a `reason` column then gives each row its reason). Rows that are not numbers are listed by line and \
            skipped; the other rows are suppressed.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The CSV file.") var file: String
    @Option(help: "Why, for rows without their own reason (default: imported from FILE).") var reason: String?
    @Flag(help: "Check the file and report what would be added; add nothing.") var dryRun = false

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            Output.error("dialerctl: cannot read \(file)")
            throw ExitCode(Exit.usage)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            Output.error("dialerctl: \(file) is not UTF-8 text")
            throw ExitCode(Exit.usage)
        }
        var args: [String: JSONValue] = [
            "text": .string(text), "name": .string(URL(fileURLWithPath: file).lastPathComponent),
            "dryRun": .bool(dryRun)
        ]
        if let reason { args["reason"] = .string(reason) }
        try await Session(global).run("suppressions.import", args) { SuppressionText.report(try $0.result(as: SuppressionReport.self)) }
    }
}

struct SuppressRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Let campaigns dial a number again. The entry is kept as removed, with who, when and why.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The phone number.") var number: String
    @Option(help: "Why (required; recorded).") var reason: String

    func run() async throws {
        try await Session(global).run("suppressions.remove", ["number": .string(number), "reason": .string(reason)]) {
            let removed = try $0.result(as: Suppression.self)
            return "\(removed.phoneNumber) removed from the suppression list (it was suppressed \(SuppressionText.time(removed.createdAt)): "
                + "\(removed.reason))"
        }
    }
}

struct SuppressList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List suppressed numbers, newest first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this number's entries.") var number: String?
    @Flag(help: "Include removed entries (the list's history).") var all = false
    @Option(help: "At most this many (1-1000).") var limit = 100

    func run() async throws {
        var args: [String: JSONValue] = ["all": .bool(all), "limit": .int(Int64(limit))]
        if let number { args["number"] = .string(number) }
        try await Session(global).run("suppressions.list", args) { response in
            let listing = try response.result(as: SuppressionListing.self)
            var lines = listing.suppressions.map { entry in
                var line = "\(entry.phoneNumber)  \(entry.status)  \(SuppressionText.time(entry.createdAt))  \(entry.source)  \(entry.reason)"
                if let removedAt = entry.removedAt {
                    line += "  (removed \(SuppressionText.time(removedAt)) by \(entry.removedBy ?? "?"): \(entry.removalReason ?? ""))"
                }
                return line
            }
            lines.append("\(listing.suppressions.count) of \(listing.total)")
            return lines.joined(separator: "\n")
        }
    }
}

enum SuppressionText {
    static func report(_ report: SuppressionReport) -> String {
        var lines = [
            "\(report.dryRun ? "would add" : "added") \(report.added.count), already suppressed \(report.alreadySuppressed.count)"
                + (report.duplicates > 0 ? ", \(report.duplicates) repeated" : "") + (report.issues.isEmpty ? "" : ", \(report.issues.count) skipped")
        ]
        lines += report.issues.map { "  skipped \($0)" }
        return lines.joined(separator: "\n")
    }

    static func time(_ date: Date) -> String { date.formatted(.iso8601) }
}

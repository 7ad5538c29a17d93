import ArgumentParser
import DialerControl
import DialerCore
import DialerOperator

struct ListCampaigns: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List campaigns, newest first.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Only campaigns with this status: draft, active, paused, completed, cancelled. Repeatable.")
    var status: [String] = []

    @Option(help: "At most this many (1–1000).")
    var limit = 100

    func validate() throws {
        for name in status where !CampaignStatus(raw: name).isKnown {
            throw ValidationError("unknown status '\(name)'; expected \(CampaignStatus.knownCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
    }

    func run() async throws {
        var args: [String: JSONValue] = ["limit": .int(Int64(limit))]
        if !status.isEmpty { args["status"] = .array(status.map { .string($0) }) }
        let session = Session(global)
        try await session.run("campaigns.list", args) { session.formatter.campaignList(try $0.result(as: CampaignList.self)) }
    }
}

struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a campaign: settings, stats, calls in flight, calling window and ETA.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var campaign: CampaignIdArgument

    func run() async throws {
        let session = Session(global)
        try await session.run("campaigns.show", campaign.args) { session.formatter.campaignDetail(try $0.result(as: CampaignDetail.self)) }
    }
}

/// `start`, `pause` and `resume`: one request naming the campaign, answered with its summary.
/// They differ only in the verb, so one command serves all three.
struct CampaignTransition<Verb: TransitionVerb>: AsyncParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(commandName: Verb.name, abstract: Verb.abstract) }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var campaign: CampaignIdArgument

    func run() async throws {
        let session = Session(global)
        try await session.run("campaigns.\(Verb.name)", campaign.args) {
            session.formatter.action(Verb.done, try $0.result(as: CampaignSummary.self))
        }
    }
}

/// What tells `start`, `pause` and `resume` apart: the command (also the request's
/// `campaigns.` verb), its help line, and the word that reports it done.
protocol TransitionVerb {
    static var name: String { get }
    static var abstract: String { get }
    static var done: String { get }
}

enum StartVerb: TransitionVerb {
    static let name = "start", abstract = "Start a draft (or paused) campaign.", done = "Started"
}

enum PauseVerb: TransitionVerb {
    static let name = "pause", abstract = "Pause an active campaign; no new call starts after this returns.", done = "Paused"
}

enum ResumeVerb: TransitionVerb {
    static let name = "resume", abstract = "Resume a paused campaign.", done = "Resumed"
}

typealias Start = CampaignTransition<StartVerb>
typealias Pause = CampaignTransition<PauseVerb>
typealias Resume = CampaignTransition<ResumeVerb>

struct Stop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop (cancel) a campaign for good.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var campaign: CampaignIdArgument

    @Flag(help: "Also hang up its live calls through their provider.")
    var hangUp = false

    func run() async throws {
        var args = campaign.args
        args["hangUp"] = .bool(hangUp)
        let session = Session(global)
        try await session.run("campaigns.stop", args) { session.formatter.stop(try $0.result(as: StopResult.self)) }
    }
}

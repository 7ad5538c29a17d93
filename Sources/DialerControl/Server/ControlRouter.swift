import DialerCore
import DialerOperator
import Foundation
import Logging
import NIOPosix

/// Turns one request line into its answer: a response line, or a watch stream to run.
/// Knows the socket's protocol; the backend knows the engine.
struct ControlRouter: Sendable {
    enum Outcome: Sendable {
        case reply(Data)
        case watch(WatchSession)
    }

    let backend: any OperatorBackend
    let clock: any WallClock
    let watchInterval: Duration
    let logger: Logger

    func handle(_ line: Data, peer: PeerCredentials?) async -> Outcome {
        let request: ControlRequest
        switch ControlRequest.parse(line) {
        case .success(let parsed): request = parsed
        case .failure(let failure): return .reply(ReplyLine.failure(id: failure.id, failure.error))
        }
        guard let command = ControlCommand(rawValue: request.command) else {
            return .reply(
                ReplyLine.failure(
                    id: request.id,
                    OperatorError(
                        .unknownCommand,
                        "unknown command \"\(request.command)\"; commands: \(ControlCommand.allCases.map(\.rawValue).joined(separator: ", "))")))
        }
        do {
            return try await dispatch(command, request, peer: peer)
        } catch {
            let operatorError = OperatorError(reporting: error)
            if operatorError.code == .internal || operatorError.code == .unavailable {
                logger.error("control command failed", metadata: ["cmd": "\(command.rawValue)", "error": "\(operatorError.message)"])
            }
            return .reply(ReplyLine.failure(id: request.id, operatorError))
        }
    }

    private func dispatch(_ command: ControlCommand, _ request: ControlRequest, peer: PeerCredentials?) async throws -> Outcome {
        var args = ArgumentReader(command: command.rawValue, args: request.args)
        func reply(_ result: some Encodable) -> Outcome { .reply(ReplyLine.success(id: request.id, result)) }
        // Who is asking, as recorded on campaign actions and suppression entries.
        let actor = peer.map { "control uid \($0.uid)" } ?? "control socket"
        func audit(_ detail: String) {
            logger.notice("control: \(command.rawValue) \(detail)", metadata: ["peer": "\(peer.map(\.description) ?? "unknown")"])
        }

        switch command {
        case .hello, .version:
            try args.finish()
            return reply(ServerInfo(instanceId: backend.instanceId))

        case .campaignsList:
            let statuses = try args.strings("status").map(Self.statuses)
            let limit = try args.int("limit", in: 1...1000) ?? 100
            try args.finish()
            return reply(try await backend.listCampaigns(statuses: statuses, limit: limit))

        case .campaignsShow:
            let id = try args.campaignId()
            try args.finish()
            return reply(try await backend.campaignDetail(id: id))

        case .campaignsStart, .campaignsPause, .campaignsResume:
            let id = try args.campaignId()
            try args.finish()
            audit(id.hex)
            let summary =
                switch command {
                case .campaignsStart: try await backend.start(id: id, by: actor)
                case .campaignsPause: try await backend.pause(id: id, by: actor)
                default: try await backend.resume(id: id, by: actor)
                }
            return reply(summary)

        case .campaignsStop:
            let id = try args.campaignId()
            let hangUp = try args.bool("hangUp") ?? false
            try args.finish()
            audit("\(id.hex) hangUp=\(hangUp)")
            return reply(try await backend.stop(id: id, hangUp: hangUp, by: actor))

        case .campaignsImport:
            let path = try args.string("path")
            let files = try args.stringMap("files")
            let dryRun = try args.bool("dryRun") ?? false
            try args.finish()
            guard (path == nil) != (files == nil) else {
                throw OperatorError(.badArgs, "campaigns.import: give either \"path\" (a directory the server can read) or \"files\" (name → text)")
            }
            let contents: [String: String]
            if let files { contents = files } else { contents = try await Self.readDirectory(path!) }
            let result = try await backend.importCampaign(files: contents, dryRun: dryRun, now: clock.now.date)
            if let summary = result.campaign { audit("\(summary.id) \"\(summary.name)\" with \(result.contacts) contacts") }
            return reply(result)

        case .engineStatus:
            try args.finish()
            return reply(try await backend.engineStatus())

        case .engineDrain:
            try args.finish()
            audit("")
            return reply(try await backend.drain())

        case .sheetsImport, .sheetsSync:
            let id = try args.campaignId()
            try args.finish()
            audit(id.hex)
            if command == .sheetsImport { return reply(try await backend.sheetImport(id: id)) }
            return reply(try await backend.sheetSync(id: id))

        case .suppressionsList, .suppressionsAdd, .suppressionsImport, .suppressionsRemove:
            return reply(try await suppressions(command, &args, by: actor, audit: audit))

        case .apiKeysCreate:
            guard let name = try args.string("name"), let scope = try args.string("scope") else {
                throw OperatorError(.badArgs, "apiKeys.create: \"name\" and \"scope\" are required")
            }
            try args.finish()
            let created = try await backend.createAPIKey(name: name, scope: scope, by: actor)
            // The key is in the reply only: the log names the key, never shows it.
            audit("\(created.info.name) scope=\(created.info.scope) prefix=\(created.info.prefix)")
            return reply(created)

        case .apiKeysList:
            try args.finish()
            return reply(try await backend.listAPIKeys())

        case .apiKeysRevoke:
            guard let target = try args.string("nameOrPrefix") else { throw OperatorError(.badArgs, "apiKeys.revoke: \"nameOrPrefix\" is required") }
            try args.finish()
            let revoked = try await backend.revokeAPIKey(nameOrPrefix: target, by: actor)
            audit("\(revoked.name) prefix=\(revoked.prefix)")
            return reply(revoked)

        case .watch:
            let target = try args.optionalCampaignId()
            let untilDone = try args.bool("untilDone") ?? (target != nil)
            let intervalMs = try args.int("intervalMs", in: 50...60_000)
            try args.finish()
            return .watch(
                WatchSession(
                    requestId: request.id, backend: backend, target: target, untilDone: untilDone,
                    interval: intervalMs.map { .milliseconds($0) } ?? watchInterval, clock: clock))
        }
    }

    /// `by` is the peer's uid: it is recorded on what is added or removed.
    private func suppressions(
        _ command: ControlCommand, _ args: inout ArgumentReader, by: String,
        audit: (String) -> Void
    ) async throws -> any Encodable {
        switch command {
        case .suppressionsList:
            let number = try args.string("number")
            let all = try args.bool("all") ?? false
            let limit = try args.int("limit", in: 1...1000) ?? 100
            try args.finish()
            return try await backend.listSuppressions(number: number, includeRemoved: all, limit: limit)
        case .suppressionsAdd:
            let numbers = try args.strings("numbers") ?? []
            let reason = try args.string("reason")
            try args.finish()
            let report = try await backend.addSuppressions(numbers, reason: reason, by: by)
            audit("added \(report.added.count), already \(report.alreadySuppressed.count)")
            return report
        case .suppressionsImport:
            let path = try args.string("path")
            let text = try args.string("text")
            let name = try args.string("name")
            let reason = try args.string("reason")
            let dryRun = try args.bool("dryRun") ?? false
            try args.finish()
            guard (path == nil) != (text == nil) else {
                throw OperatorError(
                    .badArgs,
                    "suppressions.import: give either \"path\" (a file the server can read) or \"text\" (the file's content)")
            }
            let content: String
            if let text { content = text } else { content = try await Self.readFile(path!) }
            let fileName = name ?? path.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "suppression list"
            let report = try await backend.importSuppressions(text: content, name: fileName, reason: reason, dryRun: dryRun, by: by)
            if !dryRun {
                audit("\(fileName): added \(report.added.count), already \(report.alreadySuppressed.count), skipped \(report.issues.count)")
            }
            return report
        default:
            guard let number = try args.string("number") else { throw OperatorError(.badArgs, "suppressions.remove: \"number\" is required") }
            let reason = try args.string("reason")
            try args.finish()
            let removed = try await backend.removeSuppression(number, reason: reason, by: by)
            // Removing a number lets every campaign dial it again: it is logged, as well as recorded on the entry.
            audit("\(removed.phoneNumber) reason=\"\(removed.removalReason ?? "")\"")
            return removed
        }
    }

    private static func readFile(_ path: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw OperatorError(.badArgs, "suppressions.import: dialerd cannot read \"\(path)\"")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw OperatorError(.badArgs, "suppressions.import: \"\(path)\" is not UTF-8 text")
            }
            return text
        }
    }

    private static func statuses(_ names: [String]) throws(OperatorError) -> [CampaignStatus] {
        var statuses: [CampaignStatus] = []
        for name in names {
            let status = CampaignStatus(raw: name)
            guard status.isKnown else {
                throw OperatorError(
                    .badArgs,
                    "campaigns.list: unknown status \"\(name)\"; expected \(CampaignStatus.knownCases.map(\.rawValue).joined(separator: ", "))")
            }
            statuses.append(status)
        }
        return statuses
    }

    /// Reading files blocks, so it happens on NIO's thread pool, never on the cooperative pool.
    private static func readDirectory(_ path: String) async throws -> [String: String] {
        do {
            return try await NIOThreadPool.singleton.runIfActive { try CampaignBundleLoader.readDirectory(path) }
        } catch let issues as ImportIssues {
            throw issues.operatorError
        }
    }
}

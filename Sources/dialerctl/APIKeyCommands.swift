import ArgumentParser
import DialerControl
import DialerCore
import DialerOperator
import Foundation

struct APIKeys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-keys", abstract: "Keys of the operator HTTP API (apiBind).",
        discussion: "A key is shown once, when it is made; dialerd keeps only its hash. Scopes: read < operate < admin.",
        subcommands: [APIKeyCreate.self, APIKeyList.self, APIKeyRevoke.self])
}

struct APIKeyCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Make a key and print it, once.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "A unique name (letters, digits, '.', '_', '-'); events of what the key does name it.") var name: String
    @Option(help: "read (every GET), operate (campaign actions too) or admin (writes and keys too).") var scope: String

    func run() async throws {
        try await Session(global).run("apiKeys.create", ["name": .string(name), "scope": .string(scope)]) { response in
            let created = try response.result(as: CreatedAPIKey.self)
            return "\(created.key)\n"
                + "API key \"\(created.info.name)\" (\(created.info.scope), \(created.info.prefix)) made; it is not shown again, so keep it now"
        }
    }
}

struct APIKeyList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List keys, revoked ones included (never the keys themselves).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await Session(global).run("apiKeys.list", [:]) { response in
            let keys = try response.result(as: APIKeyListing.self).keys
            guard !keys.isEmpty else { return "no API keys" }
            return keys.map { key in
                var line = "\(key.name)  \(key.scope)  \(key.prefix)  made \(key.createdAt.formatted(.iso8601))"
                line += key.lastUsedAt.map { "  last used \($0.formatted(.iso8601))" } ?? "  never used"
                line += key.revokedAt.map { "  REVOKED \($0.formatted(.iso8601))" } ?? ""
                return line
            }.joined(separator: "\n")
        }
    }
}

struct APIKeyRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a key: refused at once by this dialerd, by others within 5 s.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The key's name, or its prefix (dk_…).") var nameOrPrefix: String

    func run() async throws {
        try await Session(global).run("apiKeys.revoke", ["nameOrPrefix": .string(nameOrPrefix)]) { response in
            let key = try response.result(as: APIKeyInfo.self)
            return "API key \"\(key.name)\" (\(key.prefix)) revoked"
        }
    }
}

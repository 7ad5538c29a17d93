import DialerCore
import Foundation

public struct ConfigurationProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var setting: String
    public var message: String
    public var description: String { "\(setting): \(message)" }
}

public struct ConfigurationProblems: Error, Sendable, Equatable {
    public var problems: [ConfigurationProblem]
}

/// A config-file value: settings are strings, numbers or booleans.
private struct ScalarValue: Decodable {
    let text: String

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) {
            text = b ? "true" : "false"
        } else if let i = try? c.decode(Int.self) {
            text = String(i)
        } else if let d = try? c.decode(Double.self) {
            text = String(d)
        } else {
            text = try c.decode(String.self)
        }
    }
}

/// `dialerd serve`'s configuration, merged from a JSON file, the environment and flags;
/// a flag beats an environment variable, which beats the file. Every problem is reported at once.
public struct ServeConfiguration: Sendable, CustomStringConvertible {
    public struct Twilio: Sendable {
        public var accountSid: String
        public var authToken: String?
        public var apiKeySid: String?
        public var apiKeySecret: String?
        public var baseURL: String
    }

    public struct Keyed: Sendable {
        public var apiKey: String
        public var webhookSecret: String?
        public var baseURL: String
    }

    /// The sheet sync: a Google service account, or a directory of CSV files; nil when neither is set.
    public struct Sheets: Sendable {
        public var serviceAccountKeyFile: String?
        public var tokenURL: String?
        public var baseURL: String
        public var csvDirectory: String?
        public var flushInterval: Duration
        public var writesPerMinute: Double
    }

    /// Outbound event webhooks; nil when no signing secret is set.
    public struct EventWebhooks: Sendable {
        /// Where events of campaigns without their own `webhookUrl` go; nil: only those with one.
        public var url: String?
        public var secret: String
        public var requestTimeout: Duration
    }

    public var mongoURI: String
    public var publicURL: String
    public var bindHost: String
    public var bindPort: Int
    /// The operator API's listener (`apiBind`).
    public var apiHost: String
    public var apiPort: Int
    public var instanceId: String
    public var cps: Double
    public var pollInterval: Duration
    public var leaseDuration: Duration
    public var drainDeadline: Duration
    public var reconcileAfter: Duration
    public var reconcileInterval: Duration
    public var controlSocket: String?
    public var logFormat: String
    public var logLevel: String
    public var twilio: Twilio?
    public var elevenLabs: Keyed?
    public var bland: Keyed?
    public var skipSignatures: Bool
    /// Callbacks the database cannot take wait here; nil: `CallbackSpool.defaultDirectory()`.
    public var spoolDirectory: String?
    public var spoolMaxBytes: Int
    public var sheets: Sheets?
    public var eventWebhooks: EventWebhooks?
    /// Signs campaigns' pre-dial checks and verifies their answers; without it a campaign with a check pauses.
    public var preDialSecret: String?
    public var preDialConcurrency: Int

    /// Secrets shown as set/unset only.
    public var description: String {
        "ServeConfiguration(mongo: \(mongoURI.redactingCredentials), publicURL: \(publicURL), bind: \(bindHost):\(bindPort), api: \(apiHost):\(apiPort), "
            + "instance: \(instanceId), cps: \(cps), twilio: \(twilio == nil ? "off" : "on"), elevenlabs: \(elevenLabs == nil ? "off" : "on"), "
            + "bland: \(bland == nil ? "off" : "on"), sheets: \(sheets == nil ? "off" : sheets?.serviceAccountKeyFile != nil ? "google" : "csv"), signatures: \(skipSignatures ? "NOT VERIFIED" : "verified"), "
            + "eventWebhooks: \(eventWebhooks == nil ? "off" : eventWebhooks?.url != nil ? "on" : "per campaign"))"
    }

    /// Values by setting key, highest precedence last.
    public static func merge(file: [String: String], environment: [String: String], flags: [String: String]) -> [String: String] {
        var values: [String: String] = [:]
        for setting in Setting.all {
            let candidates = [file[setting.key], environment[setting.environmentVariable], flags[setting.key]]
            if let value = candidates.compactMap({ $0 }).last(where: { !$0.isEmpty }) ?? setting.defaultValue {
                values[setting.key] = value
            }
        }
        return values
    }

    /// Reads a JSON object of setting keys; values may be strings, numbers or booleans.
    public static func readFile(_ path: String) throws(ConfigurationProblem) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationProblem(setting: "config", message: "cannot read the configuration file \(path)")
        }
        guard let object = try? JSONDecoder().decode([String: ScalarValue].self, from: data) else {
            throw ConfigurationProblem(setting: "config", message: "\(path) is not a JSON object of settings with string, number or boolean values")
        }
        let values = object.mapValues(\.text)
        let known = Set(Setting.all.map(\.key))
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw ConfigurationProblem(setting: unknown, message: "in \(path): unknown setting (known: \(known.sorted().joined(separator: ", ")))")
        }
        return values
    }

    /// Parses `--flag value` and `--flag=value` pairs for every setting.
    public static func parseFlags(_ arguments: [String]) throws(ConfigurationProblem) -> [String: String] {
        let byFlag = Dictionary(uniqueKeysWithValues: Setting.all.map { ($0.flag, $0.key) })
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let (flag, inline) = argument.split(separator: "=", maxSplits: 1).map(String.init).splitPair
            guard let key = byFlag[flag] else { throw ConfigurationProblem(setting: argument, message: "unknown option") }
            if let inline {
                values[key] = inline
            } else if key == "insecureSkipSignatures" {
                values[key] = "true"
            } else {
                index += 1
                guard index < arguments.count else { throw ConfigurationProblem(setting: flag, message: "needs a value") }
                values[key] = arguments[index]
            }
            index += 1
        }
        return values
    }

    public static func validate(
        _ values: [String: String], hostName: String = ProcessInfo.processInfo.hostName,
        pid: Int32 = ProcessInfo.processInfo.processIdentifier
    ) -> Result<ServeConfiguration, ConfigurationProblems> {
        var problems: [ConfigurationProblem] = []
        func problem(_ key: String, _ message: String) {
            let setting = Setting.all.first { $0.key == key }
            problems.append(ConfigurationProblem(setting: setting.map { "\($0.flag) / \($0.environmentVariable)" } ?? key, message: message))
        }
        func value(_ key: String) -> String? { values[key].flatMap { $0.isEmpty ? nil : $0 } }

        let mongoURI = value("mongoUri") ?? ""
        if !(mongoURI.hasPrefix("mongodb://") || mongoURI.hasPrefix("mongodb+srv://")) {
            problem("mongoUri", "must start with mongodb:// or mongodb+srv://")
        }
        let publicURL = value("publicUrl") ?? ""
        if publicURL.isEmpty {
            problem("publicUrl", "is required: providers must be able to call back (for a local run, e.g. http://127.0.0.1:8080)")
        } else if URL(string: publicURL)?.scheme.map({ ["http", "https"].contains($0) }) != true || URL(string: publicURL)?.host == nil {
            problem("publicUrl", "must be an http(s) URL, got \"\(publicURL)\"")
        }
        func address(_ key: String, default fallback: (String, Int)) -> (String, Int) {
            guard let text = value(key) else { return fallback }
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let port = Int(parts[1]), (0...65535).contains(port), !parts[0].isEmpty else {
                problem(key, "must be host:port, got \"\(text)\"")
                return fallback
            }
            return (String(parts[0]), port)
        }
        let (bindHost, bindPort) = address("bind", default: ("127.0.0.1", 8080))
        let (apiHost, apiPort) = address("apiBind", default: ("127.0.0.1", 8081))
        // The webhook port faces providers; the operator API must never share it.
        if apiPort == bindPort && apiPort != 0 {
            problem("apiBind", "must not use the webhook port \(bindPort) (bind): the operator API listens apart from what providers reach")
        }
        func positive(_ key: String) -> Double? {
            guard let text = value(key), let number = Double(text), number > 0, number.isFinite else {
                problem(key, "must be a positive number, got \"\(values[key] ?? "")\"")
                return nil
            }
            return number
        }
        let cps = positive("cps") ?? 1
        let poll = positive("pollInterval") ?? 1000
        let lease = positive("leaseSeconds") ?? 30
        let drain = positive("drainSeconds") ?? 30
        let reconcileAfter = positive("reconcileAfterSeconds") ?? 120
        let reconcileInterval = positive("reconcileIntervalSeconds") ?? 30
        let logFormat = value("logFormat") ?? "text"
        if !["auto", "text", "json"].contains(logFormat) { problem("logFormat", "must be text, json or auto, got \"\(logFormat)\"") }
        let logLevel = value("logLevel") ?? "info"
        if !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) {
            problem("logLevel", "must be trace, debug, info, notice, warning, error or critical, got \"\(logLevel)\"")
        }
        let spoolMegabytes = value("spoolMaxMegabytes").flatMap { Int($0) } ?? -1
        if !(1...1_048_576).contains(spoolMegabytes) {
            problem("spoolMaxMegabytes", "must be a whole number from 1 to 1048576, got \"\(values["spoolMaxMegabytes"] ?? "")\"")
        }
        let skip = value("insecureSkipSignatures") ?? "false"
        if !["true", "false"].contains(skip) { problem("insecureSkipSignatures", "must be true or false, got \"\(skip)\"") }

        var twilio: Twilio?
        if let sid = value("twilioAccountSid") {
            if !sid.hasPrefix("AC") { problem("twilioAccountSid", "must start with AC") }
            let token = value("twilioAuthToken")
            let keySid = value("twilioApiKeySid")
            let keySecret = value("twilioApiKeySecret")
            if token == nil && (keySid == nil || keySecret == nil) {
                problem("twilioAuthToken", "is required with twilioAccountSid (or set both twilioApiKeySid and twilioApiKeySecret)")
            }
            if (keySid == nil) != (keySecret == nil) { problem("twilioApiKeySid", "twilioApiKeySid and twilioApiKeySecret go together") }
            twilio = Twilio(
                accountSid: sid, authToken: token, apiKeySid: keySid, apiKeySecret: keySecret,
                baseURL: value("twilioBaseUrl") ?? "https://api.twilio.com")
        } else if value("twilioAuthToken") != nil || value("twilioApiKeySid") != nil {
            problem("twilioAccountSid", "is required when Twilio credentials are set")
        }
        let elevenLabs = value("elevenlabsApiKey").map {
            Keyed(apiKey: $0, webhookSecret: value("elevenlabsWebhookSecret"), baseURL: value("elevenlabsBaseUrl") ?? "https://api.elevenlabs.io")
        }
        let bland = value("blandApiKey").map {
            Keyed(apiKey: $0, webhookSecret: value("blandWebhookSecret"), baseURL: value("blandBaseUrl") ?? "https://api.bland.ai")
        }
        if twilio == nil && elevenLabs == nil && bland == nil {
            problem("twilioAccountSid", "no provider is configured: set Twilio, ElevenLabs or Bland credentials")
        }
        let preDialConcurrency = value("preDialConcurrency").flatMap { Int($0) } ?? -1
        if !(1...1000).contains(preDialConcurrency) {
            problem("preDialConcurrency", "must be a whole number from 1 to 1000, got \"\(values["preDialConcurrency"] ?? "")\"")
        }
        let flushMs = positive("sheetsFlushMs") ?? 2000
        let writesPerMinute = positive("sheetsWritesPerMinute") ?? 60
        var sheets: Sheets?
        if value("googleServiceAccountKeyFile") != nil || value("sheetsCsvDirectory") != nil {
            sheets = Sheets(
                serviceAccountKeyFile: value("googleServiceAccountKeyFile"), tokenURL: value("googleTokenUrl"),
                baseURL: value("sheetsBaseUrl") ?? "https://sheets.googleapis.com", csvDirectory: value("sheetsCsvDirectory"),
                flushInterval: .milliseconds(Int64(flushMs)), writesPerMinute: writesPerMinute)
        }
        let eventWebhooks = eventWebhookSettings(value, problem: problem)
        guard problems.isEmpty else { return .failure(ConfigurationProblems(problems: problems)) }
        return .success(
            ServeConfiguration(
                mongoURI: mongoURI, publicURL: publicURL, bindHost: bindHost, bindPort: bindPort, apiHost: apiHost, apiPort: apiPort,
                instanceId: value("instanceId") ?? "\(hostName)-\(pid)", cps: cps, pollInterval: .milliseconds(Int64(poll)),
                leaseDuration: .seconds(lease), drainDeadline: .seconds(drain),
                reconcileAfter: .seconds(reconcileAfter), reconcileInterval: .seconds(reconcileInterval), controlSocket: value("controlSocket"),
                logFormat: logFormat, logLevel: logLevel, twilio: twilio, elevenLabs: elevenLabs, bland: bland, skipSignatures: skip == "true",
                spoolDirectory: value("spoolDirectory"), spoolMaxBytes: spoolMegabytes << 20, sheets: sheets,
                eventWebhooks: eventWebhooks, preDialSecret: value("preDialSecret"), preDialConcurrency: preDialConcurrency))
    }
}

extension ServeConfiguration {
    /// The secret turns event webhooks on; a URL without it would send nothing, so it is refused.
    fileprivate static func eventWebhookSettings(
        _ value: (String) -> String?, problem: (String, String) -> Void
    ) -> EventWebhooks? {
        let url = value("eventWebhookUrl")
        if let url, let reason = WebhookURL.problem(url) { problem("eventWebhookUrl", reason) }
        let timeout = value("eventWebhookTimeoutSeconds").flatMap { Int($0) } ?? -1
        if !(1...60).contains(timeout) {
            problem("eventWebhookTimeoutSeconds", "must be a whole number from 1 to 60, got \"\(value("eventWebhookTimeoutSeconds") ?? "")\"")
        }
        guard let secret = value("eventWebhookSecret") else {
            if url != nil { problem("eventWebhookSecret", "is required with eventWebhookUrl: event webhooks are always signed") }
            return nil
        }
        if secret.count < 16 { problem("eventWebhookSecret", "must be at least 16 characters, got \(secret.count)") }
        return EventWebhooks(url: url, secret: secret, requestTimeout: .seconds(max(timeout, 1)))
    }
}

extension Array where Element == String {
    fileprivate var splitPair: (String, String?) { (self.first ?? "", count > 1 ? self[1] : nil) }
}

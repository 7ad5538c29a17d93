import Logging

/// Human-readable lines for a terminal: `2026-11-22T04:10:05.123Z info dialer.engine: message key=value`.
/// Metadata keys are sorted so lines are easy to scan and to diff; secrets are scrubbed as in JSON.
public struct TextLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public let label: String
    private let sink: any LogSink
    private let redactor: SecretRedactor

    public init(label: String, level: Logger.Level = .info, sink: any LogSink = StandardErrorSink(), redactor: SecretRedactor = .none) {
        self.label = label
        self.logLevel = level
        self.sink = sink
        self.redactor = redactor
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        var flat: [(String, Logger.Metadata.Value)] = []
        JSONLogHandler.flatten(merged, prefix: "", into: &flat)
        var line = "\(LogTimestamp.now()) \(event.level.rawValue) \(label): \(event.message)"
        for (key, value) in flat.sorted(by: { $0.0 < $1.0 }) {
            let text = "\(value)"
            line += " \(key)=" + (text.contains(" ") || text.isEmpty ? "\"\(text)\"" : text)
        }
        sink.write(redactor.redact(line))
    }
}

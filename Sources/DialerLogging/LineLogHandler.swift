import Logging

/// How a log line is laid out: JSON or text.
public protocol LogLineFormat: Sendable {
    /// One line for `event`. `metadata` is the handler's merged with the event's, nested keys
    /// flattened with dots, sorted by key; the format scrubs with `redactor` what it writes.
    static func line(_ event: LogEvent, label: String, metadata: [(String, Logger.Metadata.Value)], redactor: SecretRedactor) -> String
}

/// A handler that writes one line per event to a sink, laid out by `Format`: what the JSON and
/// text handlers share (level, label, metadata, sink, redactor, and merging and flattening the
/// metadata).
public struct LineLogHandler<Format: LogLineFormat>: LogHandler {
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
        Self.flatten(merged, prefix: "", into: &flat)
        sink.write(Format.line(event, label: label, metadata: flat.sorted(by: { $0.0 < $1.0 }), redactor: redactor))
    }

    static func flatten(_ metadata: Logger.Metadata, prefix: String, into flat: inout [(String, Logger.Metadata.Value)]) {
        for (key, value) in metadata {
            if case .dictionary(let nested) = value {
                flatten(nested, prefix: prefix + key + ".", into: &flat)
            } else {
                flat.append((prefix + key, value))
            }
        }
    }
}

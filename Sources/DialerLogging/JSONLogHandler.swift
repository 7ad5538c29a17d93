import Logging

/// One JSON object per line: `timestamp` (ISO-8601 UTC with ms), `level`, `label`, `message`,
/// `source`, then every metadata key at the top level. Nested metadata is flattened with dots
/// (`http.status`); a key that would clash with a fixed field gets a `metadata.` prefix.
/// Secrets known to the redactor are scrubbed from every string.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public let label: String
    private let sink: any LogSink
    private let redactor: SecretRedactor

    static let fixedKeys: Set<String> = ["timestamp", "level", "label", "message", "source"]

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
        var line = "{\"timestamp\":\"\(LogTimestamp.now())\",\"level\":\"\(event.level.rawValue)\",\"label\":"
        JSONText.appendString(redactor.redact(label), to: &line)
        line += ",\"message\":"
        JSONText.appendString(redactor.redact(event.message.description), to: &line)
        line += ",\"source\":"
        JSONText.appendString(event.source, to: &line)
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        var flat: [(String, Logger.Metadata.Value)] = []
        Self.flatten(merged, prefix: "", into: &flat)
        for (key, value) in flat.sorted(by: { $0.0 < $1.0 }) {
            line += ","
            JSONText.appendString(Self.fixedKeys.contains(key) ? "metadata." + key : key, to: &line)
            line += ":"
            append(value, to: &line)
        }
        line += "}"
        sink.write(line)
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

    private func append(_ value: Logger.Metadata.Value, to line: inout String) {
        switch value {
        case .string(let text): JSONText.appendString(redactor.redact(text), to: &line)
        case .stringConvertible(let convertible): JSONText.appendString(redactor.redact(convertible.description), to: &line)
        case .array(let values):
            line += "["
            for (index, element) in values.enumerated() {
                if index > 0 { line += "," }
                append(element, to: &line)
            }
            line += "]"
        case .dictionary(let nested):
            line += "{"
            for (index, (key, element)) in nested.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { line += "," }
                JSONText.appendString(key, to: &line)
                line += ":"
                append(element, to: &line)
            }
            line += "}"
        }
    }
}

enum JSONText {
    /// Appends `text` as a JSON string literal, escaping quotes, backslashes and control characters.
    static func appendString(_ text: String, to line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }
}

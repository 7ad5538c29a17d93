import Logging

/// One JSON object per line: `timestamp` (ISO-8601 UTC with ms), `level`, `label`, `message`,
/// `source`, then every metadata key at the top level. Nested metadata is flattened with dots
/// (`http.status`); a key that would clash with a fixed field gets a `metadata.` prefix.
/// Secrets known to the redactor are scrubbed from every string.
public typealias JSONLogHandler = LineLogHandler<JSONLineFormat>

public enum JSONLineFormat: LogLineFormat {
    static let fixedKeys: Set<String> = ["timestamp", "level", "label", "message", "source"]

    public static func line(
        _ event: LogEvent, label: String, metadata: [(String, Logger.Metadata.Value)],
        redactor: SecretRedactor
    ) -> String {
        var line = "{\"timestamp\":\"\(LogTimestamp.now())\",\"level\":\"\(event.level.rawValue)\",\"label\":"
        JSONText.appendString(redactor.redact(label), to: &line)
        line += ",\"message\":"
        JSONText.appendString(redactor.redact(event.message.description), to: &line)
        line += ",\"source\":"
        JSONText.appendString(event.source, to: &line)
        for (key, value) in metadata {
            line += ","
            JSONText.appendString(fixedKeys.contains(key) ? "metadata." + key : key, to: &line)
            line += ":"
            append(value, to: &line, redactor: redactor)
        }
        line += "}"
        return line
    }

    private static func append(_ value: Logger.Metadata.Value, to line: inout String, redactor: SecretRedactor) {
        switch value {
        case .string(let text): JSONText.appendString(redactor.redact(text), to: &line)
        case .stringConvertible(let convertible): JSONText.appendString(redactor.redact(convertible.description), to: &line)
        case .array(let values):
            line += "["
            for (index, element) in values.enumerated() {
                if index > 0 { line += "," }
                append(element, to: &line, redactor: redactor)
            }
            line += "]"
        case .dictionary(let nested):
            line += "{"
            for (index, (key, element)) in nested.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { line += "," }
                JSONText.appendString(key, to: &line)
                line += ":"
                append(element, to: &line, redactor: redactor)
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

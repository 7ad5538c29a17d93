import Logging

/// Human-readable lines for a terminal: `2026-11-22T04:10:05.123Z info dialer.engine: message key=value`.
/// Metadata keys are sorted so lines are easy to scan and to diff; secrets are scrubbed as in JSON.
public typealias TextLogHandler = LineLogHandler<TextLineFormat>

public enum TextLineFormat: LogLineFormat {
    public static func line(
        _ event: LogEvent, label: String, metadata: [(String, Logger.Metadata.Value)],
        redactor: SecretRedactor
    ) -> String {
        var line = "\(LogTimestamp.now()) \(event.level.rawValue) \(label): \(event.message)"
        for (key, value) in metadata {
            let text = "\(value)"
            line += " \(key)=" + (text.contains(" ") || text.isEmpty ? "\"\(text)\"" : text)
        }
        return redactor.redact(line)
    }
}

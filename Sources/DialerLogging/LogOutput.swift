import Logging

/// The `logFormat` setting: `text` (the default, for people), `json` (one object per line, for
/// collectors), or `auto` (text on a terminal, JSON otherwise).
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json, auto

    /// `auto` decided by whether standard error is a terminal.
    public func resolved(isTerminal: Bool) -> LogFormat {
        self == .auto ? (isTerminal ? .text : .json) : self
    }
}

public enum LogOutput {
    /// A handler factory for `LoggingSystem.bootstrap`.
    public static func factory(
        format: LogFormat, level: Logger.Level, sink: any LogSink = StandardErrorSink(),
        redactor: SecretRedactor
    ) -> @Sendable (String) -> any LogHandler {
        switch format {
        case .json:
            return { JSONLogHandler(label: $0, level: level, sink: sink, redactor: redactor) }
        case .text, .auto:
            return { TextLogHandler(label: $0, level: level, sink: sink, redactor: redactor) }
        }
    }
}

import DialerEngine
import DialerLogging
import Foundation
import Logging

enum LogSetup {
    /// Every log line of the process goes through our handlers, which scrub the configured
    /// secrets (and the Mongo URI's password) from whatever a library or error message prints.
    static func bootstrap(_ configuration: ServeConfiguration) {
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        let format = (LogFormat(rawValue: configuration.logFormat) ?? .text).resolved(isTerminal: isatty(STDERR_FILENO) == 1)
        let redactor = SecretRedactor(secrets: configuration.secretValues)
        LoggingSystem.bootstrap(LogOutput.factory(format: format, level: level, redactor: redactor))
    }
}

import DialerLogging
import Foundation
import Logging
import Testing

@Suite("Logging: JSON and text handlers, secret scrubbing")
struct LogHandlerTests {
    @Test func jsonLinesCarryTheFixedFieldsAndFlattenedMetadata() throws {
        let sink = CollectingSink()
        var logger = Logger(label: "dialer.test") { JSONLogHandler(label: $0, level: .debug, sink: sink) }
        logger[metadataKey: "campaignId"] = "c1"
        logger.info("call \"ended\"\n", metadata: ["http": ["status": "200"], "message": "clash", "ids": ["a", "b"]])
        let line = try #require(sink.lines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "dialer.test")
        #expect(object["message"] as? String == "call \"ended\"\n")
        #expect(object["campaignId"] as? String == "c1")
        #expect(object["http.status"] as? String == "200")
        #expect(object["metadata.message"] as? String == "clash")
        #expect(object["ids"] as? [String] == ["a", "b"])
        #expect((object["source"] as? String)?.isEmpty == false)
        let timestamp = try #require(object["timestamp"] as? String)
        // 2026-11-22T04:10:05.123Z
        #expect(timestamp.count == 24 && timestamp.hasSuffix("Z") && timestamp.contains("."))
        #expect(!line.contains("\n"))
    }

    @Test func belowTheLevelNothingIsWritten() {
        let sink = CollectingSink()
        let logger = Logger(label: "x") { JSONLogHandler(label: $0, level: .warning, sink: sink) }
        logger.info("quiet")
        #expect(sink.lines.isEmpty)
    }

    @Test func secretsAreScrubbedFromMessagesAndMetadataInBothFormats() {
        let secrets = ["tw-auth-SECRET-123", "p%40ss-word-9"]
        let redactor = SecretRedactor(secrets: secrets + ["1"])
        for format in [LogFormat.json, .text] {
            let sink = CollectingSink()
            let make = LogOutput.factory(format: format, level: .info, sink: sink, redactor: redactor)
            let logger = Logger(label: "x", factory: make)
            logger.error("failed with tw-auth-SECRET-123", metadata: ["uri": "mongodb://u:p%40ss-word-9@h/db", "plain": "p@ss-word-9", "n": "1"])
            let text = sink.lines.joined()
            #expect(!text.contains("tw-auth-SECRET-123"), "\(format)")
            #expect(!text.contains("p%40ss-word-9") && !text.contains("p@ss-word-9"), "\(format)")
            #expect(text.contains("***"))
            #expect(text.contains("n=1") || text.contains("\"n\":\"1\""), "short values are not treated as secrets")
        }
    }

    @Test func autoFormatPicksTextOnATerminal() {
        #expect(LogFormat.auto.resolved(isTerminal: true) == .text)
        #expect(LogFormat.auto.resolved(isTerminal: false) == .json)
        #expect(LogFormat.text.resolved(isTerminal: false) == .text)
    }
}

import Foundation
import Testing

@testable import DialerWebhooks

/// A fresh directory under the system's temporary directory, removed afterwards.
func withSpoolDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dialer-spool-\(UUID().uuidString.prefix(8))").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try await body(directory + "/nested/spool")
}

@Suite("Callback spool journal") struct SpoolJournalTests {
    func payload(_ n: Int, size: Int = 40) -> [UInt8] { (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ n) } }

    @Test func recordsReadBackInOrderAcrossAReopen() async throws {
        try await withSpoolDirectory { directory in
            do {
                let journal = try SpoolJournal(directory: directory, maxBytes: 1 << 20)
                for n in 0..<5 { try journal.append(payload(n, size: 10 + n)) }
                #expect(journal.byteCount == (0..<5).map { 8 + 10 + $0 }.reduce(0, +))
            }
            let reopened = try SpoolJournal(directory: directory, maxBytes: 1 << 20)
            #expect(reopened.droppedTailBytes == 0)
            let first = try reopened.records(from: 0, limit: 3)
            let rest = try reopened.records(from: first.last!.end, limit: 10)
            #expect((first + rest).map(\.payload) == (0..<5).map { payload($0, size: 10 + $0) })
            let mode = try FileManager.default.attributesOfItem(atPath: reopened.path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "callbacks carry personal data")
        }
    }

    @Test(arguments: [1, 7, 8, 20, 47])
    func aTornLastRecordIsCutOffAndTheRestKept(keptBytesOfLastRecord: Int) async throws {
        try await withSpoolDirectory { directory in
            let path: String
            let whole: Int
            do {
                let journal = try SpoolJournal(directory: directory, maxBytes: 1 << 20)
                try journal.append(payload(1))
                try journal.append(payload(2))
                whole = journal.byteCount
                try journal.append(payload(3))
                path = journal.path
            }
            // A crash in the middle of the third append: only part of its 48 bytes reached the disk.
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: UInt64(whole + keptBytesOfLastRecord))
            try handle.close()

            let reopened = try SpoolJournal(directory: directory, maxBytes: 1 << 20)
            #expect(reopened.droppedTailBytes == keptBytesOfLastRecord)
            #expect(try reopened.records(from: 0, limit: 10).map(\.payload) == [payload(1), payload(2)])
            try reopened.append(payload(4))
            #expect(
                try reopened.records(from: 0, limit: 10).map(\.payload) == [payload(1), payload(2), payload(4)],
                "an append after the cut follows the last whole record")
        }
    }

    @Test func aRecordWhoseBytesChangedFailsItsChecksum() async throws {
        try await withSpoolDirectory { directory in
            let path: String
            do {
                let journal = try SpoolJournal(directory: directory, maxBytes: 1 << 20)
                try journal.append(payload(1))
                try journal.append(payload(2))
                path = journal.path
            }
            var bytes = try #require(FileManager.default.contents(atPath: path))
            bytes[bytes.count - 1] ^= 0xFF
            try bytes.write(to: URL(fileURLWithPath: path))
            let reopened = try SpoolJournal(directory: directory, maxBytes: 1 << 20)
            #expect(try reopened.records(from: 0, limit: 10).map(\.payload) == [payload(1)])
            #expect(reopened.droppedTailBytes == 48)
        }
    }

    @Test func theSizeBoundRefusesAnAppendThatWouldPassIt() async throws {
        try await withSpoolDirectory { directory in
            let journal = try SpoolJournal(directory: directory, maxBytes: 100)
            try journal.append(payload(1)) // 48 bytes
            try journal.append(payload(2)) // 96
            #expect(throws: SpoolError.full(limitBytes: 100)) { try journal.append(payload(3, size: 1)) }
            #expect(journal.byteCount == 96)
            #expect(SpoolError.full(limitBytes: 100).description == "callback spool full (limit 100 bytes)")
            try journal.discard(upTo: 48)
            try journal.append(payload(3))
            #expect(try journal.records(from: 0, limit: 10).map(\.payload) == [payload(2), payload(3)])
        }
    }

    @Test func discardingKeepsWhatFollowsAndEmptyingTruncates() async throws {
        try await withSpoolDirectory { directory in
            let journal = try SpoolJournal(directory: directory, maxBytes: 1 << 20)
            for n in 0..<4 { try journal.append(payload(n)) }
            let records = try journal.records(from: 0, limit: 2)
            try journal.discard(upTo: records[1].end)
            #expect(try journal.records(from: 0, limit: 10).map(\.payload) == [payload(2), payload(3)])
            let reopened = try SpoolJournal(directory: directory, maxBytes: 1 << 20)
            #expect(try reopened.records(from: 0, limit: 10).map(\.payload) == [payload(2), payload(3)])
            try reopened.discard(upTo: reopened.byteCount)
            #expect(reopened.isEmpty)
            #expect(try SpoolJournal(directory: directory, maxBytes: 1 << 20).isEmpty)
        }
    }

    @Test func aSpooledCallbackRoundTrips() throws {
        let callbacks = [
            SpooledCallback(
                route: .twilioRecording, query: "attemptId=a%2F1", receivedAt: Date(timeIntervalSince1970: 1_790_000_000.123),
                body: Array("CallSid=CA1&RecordingSid=RE1".utf8)),
            SpooledCallback(route: .elevenLabs, query: nil, receivedAt: Date(timeIntervalSince1970: 1), body: []),
            SpooledCallback(route: .bland, query: "", receivedAt: Date(timeIntervalSince1970: 2), body: [0, 1, 2])
        ]
        for callback in callbacks { #expect(try SpooledCallback(decoding: callback.encoded()) == callback) }
        #expect(throws: SpooledCallback.Undecodable.self) { try SpooledCallback(decoding: [2, 0, 0]) }
    }

    @Test func theDefaultDirectoryFollowsSystemdThenXDG() {
        #expect(CallbackSpool.defaultDirectory(environment: ["STATE_DIRECTORY": "/var/lib/dialer", "HOME": "/h"]) == "/var/lib/dialer/spool")
        #expect(CallbackSpool.defaultDirectory(environment: ["XDG_STATE_HOME": "/x", "HOME": "/h"]) == "/x/dialer/spool")
        #expect(CallbackSpool.defaultDirectory(environment: ["HOME": "/h"]) == "/h/.local/state/dialer/spool")
    }
}

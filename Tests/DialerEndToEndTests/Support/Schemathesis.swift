import Foundation
import Testing

/// Schemathesis (PyPI, pinned in scripts/install-tools), a client nobody here wrote, checking a
/// live API against its own OpenAPI document.
struct Schemathesis {
    /// `st`, as scripts/test exports it.
    static var executable: String? {
        ProcessInfo.processInfo.environment["DIALER_SCHEMATHESIS"].flatMap { $0.isEmpty ? nil : $0 }
    }
    static var underCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
    /// Locally the run is skipped without the tool; under CI the test runs and fails for want of it.
    static var shouldRun: Bool { executable != nil || underCI }
    static let skipReason: Comment =
        "DIALER_SCHEMATHESIS is not set: scripts/test installs schemathesis (scripts/install-tools) and sets it"

    let executable: String
    let arguments: [String]
    let reportDirectory: URL

    struct Outcome {
        var status: Int32
        var output: String
        var seconds: Double

        /// From schemathesis' summary on: what failed, how to reproduce it, the totals.
        var summary: String {
            let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
            let start = lines.lastIndex { $0.contains("SUMMARY") || $0.contains("FAILURES") } ?? max(lines.count - 120, 0)
            let first = lines[..<start].lastIndex { $0.contains("FAILURES") } ?? start
            return lines[first...].suffix(400).joined(separator: "\n")
        }
    }

    /// Runs to the end with its output in a file (a pipe could fill and stall it), suspending
    /// meanwhile; stopped with SIGTERM after `timeout`, which the outcome's status then shows.
    func run(timeout: Duration = .seconds(360)) async throws -> Outcome {
        try FileManager.default.createDirectory(at: reportDirectory, withIntermediateDirectories: true)
        let outputURL = reportDirectory.appendingPathComponent("output.txt")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let handle = try FileHandle(forWritingTo: outputURL)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // st keeps a cache (.schemathesis/) where it runs: in the run's directory, not the checkout.
        process.currentDirectoryURL = reportDirectory
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        // Its own cache and no colour codes in the captured output.
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["NO_COLOR": "1", "HYPOTHESIS_STORAGE_DIRECTORY": reportDirectory.appendingPathComponent("hypothesis").path]) { $1 }
        let started = Date()
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            if process.isRunning { process.terminate() }
        }
        defer { watchdog.cancel() }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let output = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
        return Outcome(status: status, output: output, seconds: Date().timeIntervalSince(started))
    }
}

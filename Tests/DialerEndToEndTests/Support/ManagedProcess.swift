import DialerTestSupport
import Foundation

/// A built executable of this package run as a real process, its output kept in files.
final class ManagedProcess: @unchecked Sendable {
    let name: String
    let output: URL
    private let process = Process()

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: URL) throws {
        name = executable
        output = directory.appendingPathComponent("\(executable)-\(UUID().uuidString.prefix(6)).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.executableURL = BuiltProducts.executable(executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var log: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    /// Waits for a line of output containing `marker`; returns that line.
    func waitForLine(containing marker: String, timeout: TimeInterval = 30) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = log.split(separator: "\n").first(where: { $0.contains(marker) }) { return String(line) }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ProcessFailure("\(name) did not print \"\(marker)\" within \(Int(timeout)) s; output:\n\(log.suffix(3000))")
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the exit and returns its status (the signal number for a signal death).
    func waitForExit(timeout: TimeInterval = 60) async throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { throw ProcessFailure("\(name) did not exit within \(Int(timeout)) s") }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

struct ProcessFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

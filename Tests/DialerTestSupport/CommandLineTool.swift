import Foundation

public struct ToolOutput: Sendable {
    public let status: Int32
    public let output: String
}

/// Runs a program found on PATH and collects its exit status and combined output, suspending
/// rather than blocking a thread while it runs. For tests that check our bytes with real tools
/// (the openssl command line, for one).
public func runTool(_ arguments: [String]) async throws -> ToolOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice

    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do {
            try process.run()
        } catch {
            process.terminationHandler = nil
            continuation.resume(throwing: error)
        }
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    return ToolOutput(status: status, output: String(decoding: data, as: UTF8.self))
}

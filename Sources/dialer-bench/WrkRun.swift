import Foundation

/// One run of `wrk` (apt: wrk) against a URL: an HTTP load generator nobody here wrote, so the
/// figures do not depend on our own client's limits.
struct WrkRun {
    var url: String
    var connections: Int
    var threads: Int
    var seconds: Int
    var headers: [String]

    struct Figures {
        var requestsPerSecond: Double
        var p50: Double
        var p99: Double
        var non2xx: Int
        var socketErrors: Int
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func run() throws -> Figures {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["wrk", "-t\(threads)", "-c\(connections)", "-d\(seconds)s", "--latency"]
        for header in headers { arguments += ["-H", header] }
        process.arguments = arguments + [url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do { try process.run() } catch { throw Failure(description: "could not start wrk (apt install wrk): \(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw Failure(description: "wrk exited \(process.terminationStatus): \(text)") }
        return try Self.parse(text)
    }

    /// Reads wrk's `--latency` report: the `50%` and `99%` lines, `Requests/sec`, and the error lines.
    static func parse(_ text: String) throws -> Figures {
        var figures = Figures(requestsPerSecond: 0, p50: -1, p99: -1, non2xx: 0, socketErrors: 0)
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let first = words.first else { continue }
            switch first {
            case "50%": figures.p50 = seconds(words.last ?? "") ?? -1
            case "99%": figures.p99 = seconds(words.last ?? "") ?? -1
            case "Requests/sec:": figures.requestsPerSecond = Double(words.last ?? "") ?? 0
            case "Non-2xx": figures.non2xx = Int(words.last ?? "") ?? 0
            case "Socket":
                // "Socket errors: connect 0, read 0, write 0, timeout 0"
                figures.socketErrors = words.compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: ","))) }.reduce(0, +)
            default: break
            }
        }
        guard figures.requestsPerSecond > 0, figures.p99 >= 0 else { throw Failure(description: "unreadable wrk report:\n\(text)") }
        return figures
    }

    /// wrk's durations: `850.00us`, `1.23ms`, `2.00s`.
    private static func seconds(_ text: String) -> Double? {
        for (unit, scale) in [("us", 1e-6), ("ms", 1e-3), ("s", 1.0)] where text.hasSuffix(unit) {
            return Double(text.dropLast(unit.count)).map { $0 * scale }
        }
        return nil
    }
}

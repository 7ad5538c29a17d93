import DialerHTTP
import Foundation

/// One scrape of dialerd's `/metrics`, in Prometheus' text format.
struct MetricsScrape {
    let text: String

    /// Every metric the README documents; each must be exported from the first scrape on.
    static let documentedNames = [
        "dialer_calls_placed_total", "dialer_calls_in_flight", "dialer_cps_in_use", "dialer_cps_cap",
        "dialer_claim_duration_seconds", "dialer_provider_request_duration_seconds", "dialer_webhook_requests_total",
        "dialer_webhook_signature_failures_total", "dialer_store_operations_total", "dialer_store_errors_total",
        "dialer_leases_held", "dialer_reconciler_actions_total"
    ]

    /// From the operator API's listener, with a `read` key.
    static func fetch(apiPort: Int, key: String) async throws -> MetricsScrape {
        let http = try CurlHTTPClient()
        defer { Task { await http.shutdown() } }
        let response = try await http.send(
            HTTPRequest(method: "GET", url: "http://127.0.0.1:\(apiPort)/metrics", headers: [HTTPHeader("Authorization", "Bearer \(key)")]))
        guard response.status == 200 else { throw ProcessFailure("/metrics answered \(response.status)") }
        return MetricsScrape(text: String(decoding: response.body, as: UTF8.self))
    }

    private var samples: [(series: String, value: Double)] {
        text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { return nil }
            return (String(line[..<space]), value)
        }
    }

    /// The value of one series, written as exported: `name{label="value",…}`.
    func value(_ series: String) -> Double? { samples.first { $0.series == series }?.value }

    /// The sum over every series of `name` whose labels contain all of `matching` (`label="value"` parts).
    func sum(_ name: String, matching: [String] = []) -> Double {
        samples.filter { sample in
            (sample.series == name || sample.series.hasPrefix(name + "{")) && matching.allSatisfy { sample.series.contains($0) }
        }.map(\.value).reduce(0, +)
    }

    func has(_ name: String) -> Bool {
        samples.contains { $0.series == name || $0.series.hasPrefix(name + "{") || $0.series.hasPrefix(name + "_") }
    }

    var missingNames: [String] { Self.documentedNames.filter { !has($0) } }
}

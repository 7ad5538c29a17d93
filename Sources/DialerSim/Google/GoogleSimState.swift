import DialerCore
import DialerCrypto
import Foundation

/// A sheet dialer-sim starts with.
public struct SimSheetSeed: Sendable, Equatable {
    public var spreadsheetId: String
    public var sheetName: String
    public var rows: [[String]]

    public init(spreadsheetId: String, sheetName: String, rows: [[String]]) {
        self.spreadsheetId = spreadsheetId
        self.sheetName = sheetName
        self.rows = rows
    }

    /// `ID:NAME=path.csv`, as the `--sheet` flag takes it. Blocking file read: startup only.
    public static func parse(flag: String) throws -> SimSheetSeed {
        guard let equals = flag.firstIndex(of: "="), let colon = flag[..<equals].firstIndex(of: ":") else {
            throw SimSheetSeedError("--sheet wants ID:NAME=path.csv, got \"\(flag)\"")
        }
        let id = String(flag[..<colon])
        let name = String(flag[flag.index(after: colon)..<equals])
        let path = String(flag[flag.index(after: equals)...])
        guard !id.isEmpty, !name.isEmpty, let data = FileManager.default.contents(atPath: path) else {
            throw SimSheetSeedError("--sheet \(flag): cannot read \(path)")
        }
        do {
            return SimSheetSeed(spreadsheetId: id, sheetName: name, rows: try CSVTable.parse(String(decoding: data, as: UTF8.self)))
        } catch {
            throw SimSheetSeedError("--sheet \(flag): \(error)")
        }
    }
}

public struct SimSheetSeedError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Google's side of the simulation: the service account it trusts, tokens it issued, sheet
/// contents, and the per-minute write quota (a sliding 60 s window on an injectable clock).
actor GoogleSimState {
    let clock: any WallClock
    let clientEmail: String
    let verifier: RSAVerifier?
    let writeQuotaPerMinute: Int
    private(set) var baseURL = ""
    private var sheets: [String: [String: [[String]]]] = [:]
    /// Sheet order per spreadsheet, as created.
    private var tokens: [String: Date] = [:]
    private var writes: [Date] = []

    init(clock: any WallClock, clientEmail: String, publicKeyPEM: String?, writeQuotaPerMinute: Int, seeds: [SimSheetSeed]) throws {
        self.clock = clock
        self.clientEmail = clientEmail
        self.verifier = try publicKeyPEM.map { try RSAVerifier(pemPublicKey: $0) }
        self.writeQuotaPerMinute = writeQuotaPerMinute
        for seed in seeds { sheets[seed.spreadsheetId, default: [:]][seed.sheetName] = seed.rows }
    }

    func setBaseURL(_ url: String) { baseURL = url }

    // MARK: Tokens

    func issueToken(lifetime: TimeInterval) -> String {
        let token = "ya29.sim-" + UUID().uuidString.lowercased()
        tokens[token] = clock.now.date.addingTimeInterval(lifetime)
        return token
    }

    func isValid(token: String) -> Bool {
        guard let expiry = tokens[token] else { return false }
        return expiry > clock.now.date
    }

    // MARK: Quota

    /// Counts a write if the quota allows it; false means answer 429.
    func admitWrite() -> Bool {
        let now = clock.now.date
        writes.removeAll { now.timeIntervalSince($0) >= 60 }
        guard writes.count < writeQuotaPerMinute else { return false }
        writes.append(now)
        return true
    }

    // MARK: Sheets

    func hasSpreadsheet(_ id: String) -> Bool { sheets[id] != nil }
    func sheet(_ id: String, _ name: String) -> [[String]]? { sheets[id]?[name] }
    func setSheet(_ id: String, _ name: String, rows: [[String]]) { sheets[id, default: [:]][name] = rows }

    func write(_ id: String, _ name: String, values: [[String]], at range: A1Range) {
        var rows = sheets[id]?[name] ?? []
        let top = (range.startRow ?? 1) - 1
        let left = (range.startColumn ?? 1) - 1
        for (r, line) in values.enumerated() {
            while rows.count <= top + r { rows.append([]) }
            for (c, value) in line.enumerated() {
                while rows[top + r].count <= left + c { rows[top + r].append("") }
                rows[top + r][left + c] = value
            }
        }
        sheets[id, default: [:]][name] = rows
    }
}

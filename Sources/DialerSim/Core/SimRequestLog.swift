import DialerCore
import DialerHTTP
import Foundation

/// One request as dialer-sim received it. Credentials never appear: only the name of the
/// scheme and, for Basic auth, the user (an account or key SID).
public struct SimRequestRecord: Sendable, Codable, Equatable {
    public var sequence: Int
    public var arrival: Date
    public var method: String
    public var path: String
    public var query: [[String]]
    /// Form fields in the order sent (repeated keys kept), secrets redacted.
    public var form: [[String]]?
    /// A JSON body, secrets redacted.
    public var json: JSONValue?
    public var credential: String?
    /// Filled in when the response is written; absent from the log file, which is written on arrival.
    public var responseStatus: Int?

    public func formValues(_ name: String) -> [String] { (form ?? []).filter { $0.first == name }.compactMap { $0.last } }
    public func queryValue(_ name: String) -> String? { query.first { $0.first == name }?.last }

    enum CodingKeys: String, CodingKey {
        case sequence, arrival, method, path, query, form, json, credential, responseStatus
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(SimTime.iso8601Milliseconds(arrival), forKey: .arrival)
        try c.encode(method, forKey: .method)
        try c.encode(path, forKey: .path)
        try c.encode(query, forKey: .query)
        try c.encodeIfPresent(form, forKey: .form)
        try c.encodeIfPresent(json.map(SimTime.encodableDates), forKey: .json)
        try c.encodeIfPresent(credential, forKey: .credential)
        try c.encodeIfPresent(responseStatus, forKey: .responseStatus)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try c.decode(Int.self, forKey: .sequence)
        let text = try c.decode(String.self, forKey: .arrival)
        guard let date = HTTPDate.parseISO8601(text) else {
            throw DecodingError.dataCorruptedError(forKey: .arrival, in: c, debugDescription: "bad arrival \(text)")
        }
        arrival = date
        method = try c.decode(String.self, forKey: .method)
        path = try c.decode(String.self, forKey: .path)
        query = try c.decode([[String]].self, forKey: .query)
        form = try c.decodeIfPresent([[String]].self, forKey: .form)
        json = try c.decodeIfPresent(JSONValue.self, forKey: .json)
        credential = try c.decodeIfPresent(String.self, forKey: .credential)
        responseStatus = try c.decodeIfPresent(Int.self, forKey: .responseStatus)
    }

    init(
        sequence: Int, arrival: Date, method: String, path: String, query: [[String]], form: [[String]]?,
        json: JSONValue?, credential: String?
    ) {
        self.sequence = sequence
        self.arrival = arrival
        self.method = method
        self.path = path
        self.query = query
        self.form = form
        self.json = json
        self.credential = credential
    }
}

/// Every request the simulator received, in arrival order, in memory and optionally as JSON
/// lines in a file.
public actor SimRequestLog {
    private var records: [SimRequestRecord] = []
    private var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    private let file: FileHandle?

    init(path: String?) throws {
        if let path {
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
            }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw SimError.cannotOpenLog(path)
            }
            handle.seekToEndOfFile()
            file = handle
        } else {
            file = nil
        }
    }

    public func all() -> [SimRequestRecord] { records }
    public var count: Int { records.count }

    /// Returns once at least `count` requests have arrived.
    public func waitForCount(_ count: Int) async {
        if records.count >= count { return }
        await withCheckedContinuation { waiters.append((count, $0)) }
    }

    func append(
        method: String, path: String, query: [[String]], form: [[String]]?, json: JSONValue?,
        credential: String?, arrival: Date
    ) -> Int {
        let record = SimRequestRecord(
            sequence: records.count + 1, arrival: arrival, method: method, path: path, query: query,
            form: form.map(Redaction.redact), json: json.map(Redaction.redact), credential: credential)
        records.append(record)
        if let file {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let line = try? encoder.encode(record) { file.write(line + Data("\n".utf8)) }
        }
        let ready = waiters.filter { $0.count <= records.count }
        waiters.removeAll { $0.count <= records.count }
        for waiter in ready { waiter.continuation.resume() }
        return record.sequence
    }

    func complete(_ sequence: Int, status: Int) {
        guard sequence >= 1, sequence <= records.count else { return }
        records[sequence - 1].responseStatus = status
    }

    func close() {
        try? file?.synchronize()
        try? file?.close()
    }
}

/// Field names that carry secrets in any of the simulated APIs.
enum Redaction {
    static func isSecret(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["password", "secret", "token", "api_key", "apikey", "api-key", "authorization", "assertion", "private_key"].contains {
            lower.contains($0)
        }
    }

    static func redact(_ pairs: [[String]]) -> [[String]] {
        pairs.map { pair in pair.count == 2 && isSecret(pair[0]) ? [pair[0], "<redacted>"] : pair }
    }

    static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let fields):
            var out: [String: JSONValue] = [:]
            for (key, field) in fields { out[key] = isSecret(key) ? .string("<redacted>") : redact(field) }
            return .object(out)
        case .array(let items): return .array(items.map(redact))
        default: return value
        }
    }
}

public enum SimError: Error, CustomStringConvertible {
    case cannotOpenLog(String)
    case notStarted

    public var description: String {
        switch self {
        case .cannotOpenLog(let path): "cannot open request log \(path)"
        case .notStarted: "the simulator is not running"
        }
    }
}

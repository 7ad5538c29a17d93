import DialerCore
import DialerHTTP
import DialerSim
import DialerTelephony
import Foundation
import Testing

/// Checks every request our Twilio client sent to dialer-sim against Twilio's own OpenAPI
/// description of API 2010-04-01: parameter names, required fields, enumerations, types.
@Suite struct ProviderTwilioSpecTests {
    @Test func everyRequestOurClientSendsConformsToTheSpec() async throws {
        let spec = try TwilioSpec.shared.get()
        try await withProviderSim(manualClock: true, { $0.forcedOutcomes = ["+14155550101": .human] }) { h in
            let twilio = h.twilio(pageSize: 1)
            let start = h.wallEpoch.addingTimeInterval(-5)
            let first = try await twilio.placeCall(providerRequest(attempt: "spec-1", to: "+14155550100"))
            let second = try await twilio.placeCall(providerRequest(attempt: "spec-2", to: "+14155550101"))
            _ = try await twilio.placeCall(providerRequest(attempt: "spec-3", to: "+14155550100"))
            try await twilio.endCall(first.ids, mode: .cancel)
            h.clock?.advance(by: .seconds(15))
            try await twilio.endCall(second.ids, mode: .hangUp)
            _ = try await twilio.fetchCall(second.ids)
            _ = try await twilio.findCalls(CallSearch(to: "+14155550100", startedAfter: start, startedBefore: Date().addingTimeInterval(60)))

            var checked: [String: Int] = [:]
            for record in await h.sim.requestLog.all() {
                let operation = try #require(
                    spec.operation(method: record.method, path: record.path),
                    "no operation in the spec for \(record.method) \(record.path)")
                checked[operation.id, default: 0] += 1
                for violation in spec.violations(of: record, against: operation) {
                    Issue.record("\(operation.id): \(violation)")
                }
            }
            // The check above only means something if every operation was exercised.
            #expect(checked["CreateCall"] == 3)
            #expect(checked["UpdateCall"] == 2)
            #expect(checked["FetchCall"] == 1)
            #expect((checked["ListCall"] ?? 0) >= 2, "paging must have been followed")
        }
    }

    @Test func theCheckerCatchesWhatTheSpecForbids() throws {
        let spec = try TwilioSpec.shared.get()
        let create = try #require(spec.operation(method: "POST", path: "/2010-04-01/Accounts/AC00000000000000000000000000000001/Calls.json"))
        let bad = TwilioSpec.record(
            method: "POST",
            form: [
                ["To", "+14155550100"], ["StatusCallbackEvent", "answered-ish"], ["MachineDetection", "Maybe"],
                ["StatusCallbackMethod", "PUT"], ["Timeout", "soon"], ["Recordd", "true"]
            ])
        let violations = spec.violations(of: bad, against: create)
        #expect(violations.contains { $0.contains("From") && $0.contains("required") })
        #expect(violations.contains { $0.contains("StatusCallbackEvent") })
        #expect(violations.contains { $0.contains("MachineDetection") })
        #expect(violations.contains { $0.contains("StatusCallbackMethod") })
        #expect(violations.contains { $0.contains("Timeout") })
        #expect(violations.contains { $0.contains("Recordd") })
        #expect(violations.count == 6)
    }
}

/// The parts of twilio_api_v2010.json this test reads. Immutable once parsed.
struct TwilioSpec: @unchecked Sendable {
    struct Operation {
        var id: String
        var pathPattern: String
        var method: String
        /// Form body properties (POST) or query parameters (GET), by name.
        var properties: [String: [String: Any]]
        var required: [String]
        var pathParameters: [String: [String: Any]]
    }

    let root: [String: Any]
    let operations: [Operation]

    static let fileName = "twilio_api_v2010.json"

    /// Parsed once per test run: the file is 1.8 MB and parsing it holds a thread.
    static let shared = Result { try TwilioSpec.load() }

    static func load() throws -> TwilioSpec { TwilioSpec(root: try SpecFile.json(named: fileName)) }

    init(root: [String: Any]) {
        self.root = root
        var operations: [Operation] = []
        let paths = root["paths"] as? [String: Any] ?? [:]
        for (path, value) in paths where path.hasPrefix("/2010-04-01/Accounts/{AccountSid}/Calls") {
            guard let item = value as? [String: Any] else { continue }
            for method in ["get", "post"] {
                guard let op = item[method] as? [String: Any], let id = op["operationId"] as? String else { continue }
                var properties: [String: [String: Any]] = [:]
                var required: [String] = []
                var pathParameters: [String: [String: Any]] = [:]
                for parameter in op["parameters"] as? [[String: Any]] ?? [] {
                    guard let name = parameter["name"] as? String, let schema = parameter["schema"] as? [String: Any] else { continue }
                    switch parameter["in"] as? String {
                    case "query": properties[name] = schema
                    case "path": pathParameters[name] = schema
                    default: break
                    }
                }
                if let body = op["requestBody"] as? [String: Any], let content = body["content"] as? [String: Any],
                    let form = content["application/x-www-form-urlencoded"] as? [String: Any],
                    let schema = form["schema"] as? [String: Any]
                {
                    for (name, property) in schema["properties"] as? [String: Any] ?? [:] {
                        properties[name] = property as? [String: Any] ?? [:]
                    }
                    required = schema["required"] as? [String] ?? []
                }
                operations.append(
                    Operation(
                        id: id, pathPattern: path, method: method.uppercased(), properties: properties,
                        required: required, pathParameters: pathParameters))
            }
        }
        self.operations = operations
    }

    func operation(method: String, path: String) -> Operation? {
        operations.first { $0.method == method && Self.match(pattern: $0.pathPattern, path: path) != nil }
    }

    static func match(pattern: String, path: String) -> [String: String]? {
        let p = pattern.split(separator: "/")
        let a = path.split(separator: "/")
        guard p.count == a.count else { return nil }
        var captured: [String: String] = [:]
        for (expected, actual) in zip(p, a) {
            if let open = expected.firstIndex(of: "{"), let close = expected.firstIndex(of: "}") {
                let prefix = expected[..<open]
                let suffix = expected[expected.index(after: close)...]
                guard actual.hasPrefix(prefix), actual.hasSuffix(suffix), actual.count > prefix.count + suffix.count else { return nil }
                let name = String(expected[expected.index(after: open)..<close])
                captured[name] = String(actual.dropFirst(prefix.count).dropLast(suffix.count))
            } else if expected != actual {
                return nil
            }
        }
        return captured
    }

    static func record(
        method: String, path: String = "/2010-04-01/Accounts/AC00000000000000000000000000000001/Calls.json",
        form: [[String]]? = nil, query: [[String]] = []
    ) -> SimRequestRecord {
        let line: [String: Any] = [
            "sequence": 1, "arrival": "2026-01-01T00:00:00.000Z", "method": method, "path": path,
            "query": query, "form": form as Any
        ]
        let data = try! JSONSerialization.data(withJSONObject: line.filter { !($0.value is NSNull) && !(form == nil && $0.key == "form") })
        return try! JSONDecoder().decode(SimRequestRecord.self, from: data)
    }

    func violations(of record: SimRequestRecord, against operation: Operation) -> [String] {
        var problems: [String] = []
        for (name, value) in Self.match(pattern: operation.pathPattern, path: record.path) ?? [:] {
            if let schema = operation.pathParameters[name] { problems += check(name, value, schema) }
        }
        let pairs = (record.method == "POST" ? record.form ?? [] : record.query).compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
        for name in operation.required where !pairs.contains(where: { $0.0 == name }) {
            problems.append("\(name) is required but missing")
        }
        for (name, value) in pairs {
            guard let schema = operation.properties[name] else {
                problems.append("\(name) is not a parameter of \(operation.id)")
                continue
            }
            problems += check(name, value, schema)
        }
        return problems
    }

    private func check(_ name: String, _ value: String, _ rawSchema: [String: Any]) -> [String] {
        let schema = resolve(rawSchema)
        if schema["type"] as? String == "array", let items = schema["items"] as? [String: Any] {
            // An array travels as the same name repeated; the description may list the allowed values.
            var itemSchema = resolve(items)
            if itemSchema["enum"] == nil, let listed = Self.listedValues(schema["description"] as? String) { itemSchema["enum"] = listed }
            return check(name, value, itemSchema)
        }
        var problems: [String] = []
        var allowed = schema["enum"] as? [String]
        if allowed == nil, schema["type"] as? String == "string" { allowed = Self.listedValues(schema["description"] as? String) }
        if let allowed, !allowed.contains(value) { problems.append("\(name)=\(value) is not one of \(allowed)") }
        switch schema["type"] as? String {
        case "integer":
            if let number = Int(value) {
                if let minimum = schema["minimum"] as? Int, number < minimum { problems.append("\(name)=\(value) is below \(minimum)") }
                if let maximum = schema["maximum"] as? Int, number > maximum { problems.append("\(name)=\(value) is above \(maximum)") }
            } else {
                problems.append("\(name)=\(value) is not an integer")
            }
        case "boolean":
            if value != "true" && value != "false" { problems.append("\(name)=\(value) is not a boolean") }
        default:
            break
        }
        if schema["format"] as? String == "uri" {
            if URL(string: value)?.scheme == nil { problems.append("\(name)=\(value) is not a URI") }
        }
        if let format = schema["format"] as? String, format == "date-time", HTTPDate.parseISO8601(value) == nil {
            problems.append("\(name)=\(value) is not a date-time")
        }
        if let pattern = schema["pattern"] as? String, value.range(of: pattern, options: .regularExpression) == nil {
            problems.append("\(name)=\(value) does not match \(pattern)")
        }
        return problems
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String, ref.hasPrefix("#/") else { return schema }
        var node: Any = root
        for key in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(key)] as Any }
        return node as? [String: Any] ?? schema
    }

    /// Values a description enumerates as "Can be: `a`, `b` or `c`." (Twilio documents some
    /// enumerations only in prose).
    static func listedValues(_ description: String?) -> [String]? {
        guard let description, let range = description.range(of: "Can be: ") else { return nil }
        let sentence = description[range.upperBound...].prefix { $0 != "." }
        let parts = sentence.split(separator: "`", omittingEmptySubsequences: false)
        let values = stride(from: 1, to: parts.count, by: 2).map { String(parts[$0]) }
        return values.isEmpty ? nil : values
    }
}

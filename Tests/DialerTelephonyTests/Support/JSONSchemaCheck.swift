import DialerCore
import Foundation

/// Checks a JSON value against an OpenAPI 3 schema: `$ref`, `anyOf`, `type`, `enum`, `required`,
/// `properties` and `additionalProperties`. A property the schema does not name is reported even
/// where the provider might ignore it: our client must only send what the provider documents.
struct JSONSchemaCheck: @unchecked Sendable {
    let root: [String: Any]

    func violations(of value: JSONValue, against schema: [String: Any], at path: String = "body") -> [String] {
        let schema = resolve(schema)
        if let options = schema["anyOf"] as? [[String: Any]] {
            // Report against the option of the value's own type (the object, not the null beside it).
            let fitting = options.filter { admits(resolve($0), value) }
            let results = (fitting.isEmpty ? options : fitting).map { violations(of: value, against: $0, at: path) }
            return results.contains { $0.isEmpty } ? [] : results.first ?? []
        }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { "\($0)" == "\(value.stringValue ?? "")" }) {
            return ["\(path)=\(value) is not one of \(allowed)"]
        }
        switch (schema["type"] as? String, value) {
        case ("string", .string), ("boolean", .bool), ("integer", .int), ("number", .int), ("number", .double), ("null", .null):
            return []
        case ("array", .array(let items)):
            let itemSchema = schema["items"] as? [String: Any] ?? [:]
            return items.enumerated().flatMap { violations(of: $1, against: itemSchema, at: "\(path)[\($0)]") }
        case ("object", .object(let members)), (nil, .object(let members)):
            return objectViolations(members, schema, at: path)
        case (let type?, _):
            return ["\(path)=\(value) is not of type \(type)"]
        case (nil, _):
            return schema["properties"] == nil ? [] : ["\(path)=\(value) is not an object"]
        }
    }

    private func admits(_ schema: [String: Any], _ value: JSONValue) -> Bool {
        switch (schema["type"] as? String, value) {
        case ("string", .string), ("boolean", .bool), ("integer", .int), ("number", .int), ("number", .double), ("null", .null),
            ("array", .array), ("object", .object):
            true
        case (nil, .object): schema["properties"] != nil || schema["anyOf"] != nil
        default: false
        }
    }

    private func objectViolations(_ members: [String: JSONValue], _ schema: [String: Any], at path: String) -> [String] {
        let properties = schema["properties"] as? [String: Any] ?? [:]
        var problems = (schema["required"] as? [String] ?? []).filter { members[$0] == nil }.map { "\(path).\($0) is required but missing" }
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            if let property = properties[name] as? [String: Any] {
                problems += violations(of: member, against: property, at: "\(path).\(name)")
            } else if let additional = schema["additionalProperties"] as? [String: Any] {
                problems += violations(of: member, against: additional, at: "\(path).\(name)")
            } else if schema["additionalProperties"] as? Bool != true {
                problems.append("\(path).\(name) is not a property of the schema")
            }
        }
        return problems
    }

    func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String, ref.hasPrefix("#/") else { return schema }
        var node: Any = root
        for key in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(key)] as Any }
        return resolve(node as? [String: Any] ?? [:])
    }

    /// The JSON request body schema of one operation.
    func requestSchema(path: String, method: String) -> [String: Any]? {
        let operation = ((root["paths"] as? [String: Any])?[path] as? [String: Any])?[method] as? [String: Any]
        let content = (operation?["requestBody"] as? [String: Any])?["content"] as? [String: Any]
        return (content?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
    }
}

/// elevenlabs_openapi.json, parsed once per test run (1.5 MB).
enum ElevenLabsSpec {
    static let shared = Result { JSONSchemaCheck(root: try SpecFile.json(named: "elevenlabs_openapi.json")) }
    static var isAvailable: Bool { SpecFile.exists(named: "elevenlabs_openapi.json") }
}

import DialerCore
import Foundation

/// Checks a request body against the schema its route documents, at every depth: an unknown field,
/// a missing required one or a value of the wrong type is a 400 naming the field by its path
/// (`transcript[2].role`). The route table checks only the top level's field names; write routes
/// whose body has nested objects check the rest here, before decoding.
enum BodyShape {
    static func check(_ body: Data?, against schema: JSONSchema) throws(APIError) -> JSONValue {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: body ?? Data("{}".utf8))
        } catch {
            throw .badArgs("the body is not valid JSON")
        }
        if let problem = problem(value, schema, path: "") { throw .badArgs(problem) }
        return value
    }

    /// The first mismatch, as a sentence naming its path; nil when `value` fits.
    static func problem(_ value: JSONValue, _ schema: JSONSchema, path: String) -> String? {
        let name = path.isEmpty ? "the body" : path
        switch (schema, value) {
        case (.any, _), (.ref, _):
            return nil
        case (.nullable(let inner), _):
            if case .null = value { return nil }
            return problem(value, inner, path: path)
        case (_, .null):
            return "\(name) must not be null"
        case (.string(_, let pattern, let values, _), .string(let text)):
            if let values, !values.contains(text) {
                return "\(name) must be one of \(values.joined(separator: ", ")), got \(APIParameter.quoted(text))"
            }
            if let pattern, text.range(of: pattern, options: .regularExpression) == nil {
                return "\(name) must match \(pattern), got \(APIParameter.quoted(text))"
            }
            return nil
        case (.string, _):
            return "\(name) must be a string"
        case (.integer(let minimum, let maximum, _), .int(let number)):
            if let minimum, number < minimum { return "\(name) must be at least \(minimum), got \(number)" }
            if let maximum, number > maximum { return "\(name) must be at most \(maximum), got \(number)" }
            return nil
        case (.integer, _):
            return "\(name) must be a whole number"
        case (.number(let minimum, _), .int(let number)):
            if let minimum, Double(number) < minimum { return "\(name) must be at least \(minimum), got \(number)" }
            return nil
        case (.number(let minimum, _), .double(let number)):
            if let minimum, number < minimum { return "\(name) must be at least \(minimum), got \(number)" }
            return nil
        case (.number, _):
            return "\(name) must be a number"
        case (.boolean, .bool):
            return nil
        case (.boolean, _):
            return "\(name) must be true or false"
        case (.array(let items, _, _), .array(let elements)):
            for (index, element) in elements.enumerated() {
                if let found = problem(element, items, path: "\(path)[\(index)]") { return found }
            }
            return nil
        case (.array, _):
            return "\(name) must be an array"
        case (.object(let properties, let required, let additional, _), .object(let members)):
            let prefix = path.isEmpty ? "" : path + "."
            for field in required where members[field] == nil { return "\(prefix)\(field) is required" }
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                if let schema = properties.first(where: { $0.0 == key })?.1 ?? additional {
                    if let found = problem(member, schema, path: prefix + key) { return found }
                } else {
                    let known = properties.map(\.0).joined(separator: ", ")
                    return "unknown field \(APIParameter.quoted(prefix + key))" + (known.isEmpty ? "" : " (known: \(known))")
                }
            }
            return nil
        case (.object, _):
            return "\(name) must be an object"
        }
    }
}

import DialerCore

/// A JSON Schema (2020-12, as OpenAPI 3.1 uses it), built in Swift: the route table's parameters,
/// bodies and responses, and the component schemas they refer to.
public indirect enum JSONSchema: Sendable, Equatable {
    case string(format: String? = nil, pattern: String? = nil, values: [String]? = nil, description: String? = nil)
    case integer(minimum: Int? = nil, maximum: Int? = nil, description: String? = nil)
    case number(minimum: Double? = nil, description: String? = nil)
    case boolean(description: String? = nil)
    /// `count`: how many items it takes (minItems, maxItems); nil: any number.
    case array(JSONSchema, description: String? = nil, count: ClosedRange<Int>? = nil)
    /// `additional`: the schema of other members (a map), or nil for none allowed.
    case object(properties: [(String, JSONSchema)], required: [String], additional: JSONSchema? = nil, description: String? = nil)
    /// Any JSON value: schemaless fields such as `metadata` or `customFields`.
    case any(description: String? = nil)
    case nullable(JSONSchema)
    case ref(String)

    public static func == (a: JSONSchema, b: JSONSchema) -> Bool { a.json == b.json }

    /// A 24-hex-digit MongoDB ObjectId.
    public static let objectId = JSONSchema.string(pattern: "^[0-9a-f]{24}$")
    /// RFC 3339 as far as `ISODate` reads it (years 1000 to 9999, at most nine fraction digits, an
    /// upper-case T and Z), which is also the form every date is written in.
    public static let dateTime = JSONSchema.string(format: "date-time", pattern: ISODate.pattern)
    public static func enumeration(_ values: [String], description: String? = nil) -> JSONSchema {
        .string(values: values, description: description)
    }
    public static func enumeration<E: OpenEnum>(_ type: E.Type) -> JSONSchema { .string(values: E.knownCases.map(\.rawValue)) }
    /// A map of names to `value`.
    public static func map(_ value: JSONSchema) -> JSONSchema { .object(properties: [], required: [], additional: value) }

    /// The property names an object allows, for checking request bodies against the schema they are documented by.
    public var propertyNames: [String]? {
        if case .object(let properties, _, nil, _) = self { return properties.map(\.0) }
        return nil
    }

    /// The schema of an object's property `name`, if it names one.
    public func property(_ name: String) -> JSONSchema? {
        if case .object(let properties, _, _, _) = self { return properties.first { $0.0 == name }?.1 }
        return nil
    }

    /// Whether null fits: a nullable schema's, or any value's.
    public var isNullable: Bool {
        switch self {
        case .nullable, .any: true
        default: false
        }
    }

    public var json: JSONValue {
        switch self {
        case .string(let format, let pattern, let values, let description):
            return .object(
                compact([
                    ("type", .string("string")), ("format", format.map(JSONValue.string)), ("pattern", pattern.map(JSONValue.string)),
                    ("enum", values.map { .array($0.map(JSONValue.string)) }), ("description", description.map(JSONValue.string))
                ]))
        case .integer(let minimum, let maximum, let description):
            return .object(
                compact([
                    // Unbounded integers are 64-bit here: a larger number is refused, so the document says so.
                    ("type", .string("integer")), ("minimum", .int(minimum.map(Int64.init) ?? .min)),
                    ("maximum", .int(maximum.map(Int64.init) ?? .max)),
                    ("description", description.map(JSONValue.string))
                ]))
        case .number(let minimum, let description):
            return .object(
                compact([("type", .string("number")), ("minimum", minimum.map(JSONValue.double)), ("description", description.map(JSONValue.string))])
            )
        case .boolean(let description):
            return .object(compact([("type", .string("boolean")), ("description", description.map(JSONValue.string))]))
        case .array(let items, let description, let count):
            return .object(
                compact([
                    ("type", .string("array")), ("items", items.json), ("minItems", count.map { .int(Int64($0.lowerBound)) }),
                    ("maxItems", count.map { .int(Int64($0.upperBound)) }), ("description", description.map(JSONValue.string))
                ]))
        case .object(let properties, let required, let additional, let description):
            return .object(
                compact([
                    ("type", .string("object")),
                    ("properties", properties.isEmpty ? nil : .object(Dictionary(uniqueKeysWithValues: properties.map { ($0.0, $0.1.json) }))),
                    ("required", required.isEmpty ? nil : .array(required.map(JSONValue.string))),
                    ("additionalProperties", additional.map(\.json) ?? .bool(false)),
                    ("description", description.map(JSONValue.string))
                ]))
        case .any(let description):
            return .object(compact([("description", description.map(JSONValue.string))]))
        case .nullable(let schema):
            return .object(["oneOf": .array([schema.json, .object(["type": .string("null")])])])
        case .ref(let name):
            return .object(["$ref": .string("#/components/schemas/\(name)")])
        }
    }

    private func compact(_ pairs: [(String, JSONValue?)]) -> [String: JSONValue] {
        Dictionary(uniqueKeysWithValues: pairs.compactMap { key, value in value.map { (key, $0) } })
    }
}

/// An object schema written as a list of fields, each marked required or not.
public struct ObjectSchema {
    private var properties: [(String, JSONSchema)] = []
    private var required: [String] = []

    public init() {}

    public func field(_ name: String, _ schema: JSONSchema) -> ObjectSchema {
        var copy = self
        copy.properties.append((name, schema))
        copy.required.append(name)
        return copy
    }

    public func optional(_ name: String, _ schema: JSONSchema) -> ObjectSchema {
        var copy = self
        copy.properties.append((name, schema))
        return copy
    }

    /// Objects we answer with may gain fields; bodies we accept may not (see `closed`).
    public var open: JSONSchema { .object(properties: properties, required: required, additional: .any()) }
    public var closed: JSONSchema { .object(properties: properties, required: required) }
}

import DialerCore
import Foundation
import Hummingbird

/// What a handler gets: its parameters parsed and checked against the route's declaration, the
/// key that called (nil on public routes), and the body, collected and checked if the route takes one.
public struct APIRequest: Sendable {
    public var parameters: [String: ParameterValue]
    public var caller: APIKey?
    /// The body's JSON object, already checked against the route's `body` schema's field names.
    public var body: Data?
    public var request: Request

    public func objectId(_ name: String) throws(APIError) -> ObjectId {
        guard case .objectId(let id) = parameters[name] else { throw Self.missing(name) }
        return id
    }

    public func text(_ name: String) throws(APIError) -> String {
        guard case .text(let value) = parameters[name] else { throw Self.missing(name) }
        return value
    }

    public func optionalObjectId(_ name: String) -> ObjectId? {
        if case .objectId(let id) = parameters[name] { return id }
        return nil
    }

    public func optionalText(_ name: String) -> String? {
        if case .text(let value) = parameters[name] { return value }
        return nil
    }

    public func optionalInt(_ name: String) -> Int? {
        if case .integer(let value) = parameters[name] { return value }
        return nil
    }

    public func optionalDate(_ name: String) -> Date? {
        if case .date(let value) = parameters[name] { return value }
        return nil
    }

    public func int(_ name: String) throws(APIError) -> Int {
        guard let value = optionalInt(name) else { throw Self.missing(name) }
        return value
    }

    /// Decodes the body, which the route's schema has already vetted for unknown fields.
    public func decodeBody<T: Decodable>(_ type: T.Type) throws(APIError) -> T {
        do {
            return try APIJSON.decoder.decode(T.self, from: body ?? Data("{}".utf8))
        } catch let error as DecodingError {
            throw .badArgs("the body does not fit: \(DecodingProblem.describe(error))")
        } catch {
            throw .badArgs("the body is not valid JSON")
        }
    }

    /// A handler asked for a parameter its route does not declare: a bug in the route table.
    private static func missing(_ name: String) -> APIError {
        APIError(.internal, "internal error: the route does not declare parameter \"\(name)\"")
    }
}

/// A `DecodingError` as a sentence naming the field, without echoing the value.
enum DecodingProblem {
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the body" : String(text.drop { $0 == "." })
        }
        switch error {
        case .typeMismatch(let type, let context): return "\(path(context)) must be \(kind(type))"
        case .valueNotFound(let type, let context): return "\(path(context)) must be \(kind(type)), not null"
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "\(parent == "the body" ? "" : parent + ".")\(key.stringValue) is required"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "it does not decode"
        }
    }

    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type: "a whole number"
        case is Double.Type: "a number"
        default: "\(type)"
        }
    }
}

import DialerCore
import DialerOperator
import Foundation

/// Lines the server writes.
enum ReplyLine {
    private struct Response<R: Encodable>: Encodable {
        var id: JSONValue
        var ok: Bool
        var result: R?
        var error: ControlErrorBody?
    }

    private struct Event<D: Encodable>: Encodable {
        var id: JSONValue
        var event: String
        var data: D
    }

    static func success(id: JSONValue, _ result: some Encodable) -> Data {
        encode(Response(id: id, ok: true, result: result, error: nil))
    }

    static func failure(id: JSONValue, _ error: OperatorError) -> Data {
        encode(Response<JSONValue>(id: id, ok: false, result: nil, error: ControlErrorBody(error)))
    }

    static func event(id: JSONValue, _ name: String, _ data: some Encodable) -> Data {
        encode(Event(id: id, event: name, data: data))
    }

    private static func encode(_ value: some Encodable) -> Data {
        do {
            return try OperatorJSON.line(value)
        } catch {
            // Our result types always encode; should one not, the client still gets an answer.
            return Data(#"{"id":null,"ok":false,"error":{"code":"internal","message":"the result could not be encoded"}}"#.utf8) + Data([0x0A])
        }
    }
}

/// A line the client received: the response that ends a request, or an event of a stream.
public enum ControlReply: Sendable {
    case response(ControlResponse)
    case event(ControlEvent)

    private struct Envelope: Decodable {
        var id: JSONValue?
        var ok: Bool?
        var event: String?
        var error: ControlErrorBody?
    }

    public static func parse(_ line: Data) throws(ControlClientError) -> ControlReply {
        guard let envelope = try? OperatorJSON.decoder().decode(Envelope.self, from: line) else {
            throw .badReply(String(decoding: line.prefix(200), as: UTF8.self))
        }
        if let event = envelope.event {
            return .event(ControlEvent(id: envelope.id ?? .null, name: event, line: line))
        }
        guard let ok = envelope.ok else { throw .badReply(String(decoding: line.prefix(200), as: UTF8.self)) }
        return .response(ControlResponse(id: envelope.id ?? .null, ok: ok, error: envelope.error, line: line))
    }
}

public struct ControlResponse: Sendable {
    public var id: JSONValue
    public var ok: Bool
    public var error: ControlErrorBody?
    /// The line as received, for `--json` output and typed decoding.
    public var line: Data

    private struct ResultBox<T: Decodable>: Decodable { var result: T }

    public func result<T: Decodable>(as type: T.Type = T.self) throws(ControlClientError) -> T {
        if let error { throw .server(error.error) }
        do {
            return try OperatorJSON.decoder().decode(ResultBox<T>.self, from: line).result
        } catch {
            throw .badReply("result does not decode as \(T.self): \(error)")
        }
    }

    /// The `result` member as generic JSON.
    public var resultJSON: JSONValue? { try? result(as: JSONValue.self) }
}

public struct ControlEvent: Sendable {
    public var id: JSONValue
    public var name: String
    public var line: Data

    private struct DataBox<T: Decodable>: Decodable { var data: T }

    public func data<T: Decodable>(as type: T.Type = T.self) throws(ControlClientError) -> T {
        do {
            return try OperatorJSON.decoder().decode(DataBox<T>.self, from: line).data
        } catch {
            throw .badReply("event data does not decode as \(T.self): \(error)")
        }
    }
}

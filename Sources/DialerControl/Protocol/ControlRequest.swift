import DialerCore
import DialerOperator
import Foundation

/// A request as the server received it, envelope checked.
public struct ControlRequest: Sendable, Equatable {
    /// Echoed in every line answering this request: a string, a number or null.
    public var id: JSONValue
    public var version: Int
    public var command: String
    public var args: [String: JSONValue]

    public init(id: JSONValue = .null, version: Int = ControlProtocol.version, command: String, args: [String: JSONValue] = [:]) {
        self.id = id
        self.version = version
        self.command = command
        self.args = args
    }

    /// Parses one line. On failure, the error comes with whatever id could be read, so the
    /// client can still match the answer to its request.
    static func parse(_ line: Data) -> Result<ControlRequest, RequestFailure> {
        guard let value = try? OperatorJSON.decoder().decode(JSONValue.self, from: line), case .object(let fields) = value else {
            return .failure(RequestFailure(id: .null, error: OperatorError(.badJSON, "the line is not a JSON object")))
        }
        let id = fields["id"] ?? .null
        switch id {
        case .null, .string, .int, .double: break
        default: return .failure(RequestFailure(id: .null, error: OperatorError(.badRequest, "\"id\" must be a string, a number or null")))
        }
        var version = ControlProtocol.version
        switch fields["v"] {
        case nil, .null: break
        case .int(let v): version = Int(v)
        default: return .failure(RequestFailure(id: id, error: OperatorError(.badRequest, "\"v\" must be an integer protocol version")))
        }
        guard version == ControlProtocol.version else {
            return .failure(
                RequestFailure(
                    id: id,
                    error: OperatorError(
                        .unsupportedVersion, "protocol version \(version) is not supported; this server speaks version \(ControlProtocol.version)")))
        }
        guard case .string(let command) = fields["cmd"] else {
            return .failure(RequestFailure(id: id, error: OperatorError(.badRequest, "\"cmd\" must be a string naming the command")))
        }
        var args: [String: JSONValue] = [:]
        switch fields["args"] {
        case nil, .null: break
        case .object(let object): args = object
        default: return .failure(RequestFailure(id: id, error: OperatorError(.badArgs, "\"args\" must be an object")))
        }
        return .success(ControlRequest(id: id, version: version, command: command, args: args))
    }

    /// The line a client sends.
    public func line() throws -> Data {
        try OperatorJSON.line(RequestLine(v: version, id: id, cmd: command, args: args))
    }
}

struct RequestFailure: Error {
    var id: JSONValue
    var error: OperatorError
}

private struct RequestLine: Encodable {
    var v: Int
    var id: JSONValue
    var cmd: String
    var args: [String: JSONValue]
}

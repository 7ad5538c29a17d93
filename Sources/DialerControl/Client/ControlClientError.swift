import DialerOperator

/// What can go wrong on the client side of the socket.
public enum ControlClientError: Error, Sendable, CustomStringConvertible {
    /// No server at the path, or no permission to reach it.
    case cannotConnect(path: String, reason: String)
    /// The server closed the connection before answering.
    case connectionClosed
    /// A line that is not a protocol reply.
    case badReply(String)
    /// The server answered with an error.
    case server(OperatorError)

    public var description: String {
        switch self {
        case .cannotConnect(let path, let reason): "cannot connect to dialerd at \(path): \(reason)"
        case .connectionClosed: "dialerd closed the connection"
        case .badReply(let text): "unexpected reply from dialerd: \(text)"
        case .server(let error): error.message
        }
    }
}

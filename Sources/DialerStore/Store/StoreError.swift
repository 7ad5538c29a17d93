/// Every store failure falls into one of these; messages never carry credentials.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A unique index refused the write: `index` names it, `key` the duplicated value.
    case duplicateKey(collection: String, index: String, key: String)
    /// No server could be selected, or the connection dropped.
    case unavailable(String)
    case timeout(String)
    /// A stored document does not fit the model; `path` is the field path, as in `settings.callDelay`.
    case badDocument(collection: String, path: String, reason: String)
    case invalidArgument(String)
    case server(code: Int, message: String)

    public var description: String {
        switch self {
        case .duplicateKey(let collection, let index, let key): "duplicate key in \(collection) (index \(index)): \(key)"
        case .unavailable(let m): "database unavailable: \(m)"
        case .timeout(let m): "database timeout: \(m)"
        case .badDocument(let collection, let path, let reason): "bad document in \(collection) at \(path.isEmpty ? "(root)" : path): \(reason)"
        case .invalidArgument(let m): "invalid argument: \(m)"
        case .server(let code, let message): "database error \(code): \(message)"
        }
    }
}

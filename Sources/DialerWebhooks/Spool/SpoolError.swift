#if canImport(Glibc)
    import Glibc
#endif

/// Why a callback could not be spooled or read back. Messages name the file and the system
/// error, never a callback's contents.
public enum SpoolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The spool holds `limitBytes` already: the callback is answered 503 and left to the provider.
    case full(limitBytes: Int)
    case io(operation: String, path: String, errno: Int32)

    public var description: String {
        switch self {
        case .full(let limit): "callback spool full (limit \(limit) bytes)"
        case .io(let operation, let path, let code): "callback spool \(operation) \(path): \(String(cString: strerror(code)))"
        }
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where dialerd listens and dialerctl connects, unless told otherwise.
public enum ControlSocketPath {
    /// `$XDG_RUNTIME_DIR/dialer/dialerd.sock`, else `/tmp/dialer-$UID/dialerd.sock`.
    public static func `default`(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty {
            return URL(fileURLWithPath: runtime).appendingPathComponent("dialer/dialerd.sock").path
        }
        return "/tmp/dialer-\(getuid())/dialerd.sock"
    }

    /// What dialerctl uses: `DIALER_SOCKET`, else the default.
    public static func forClient(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["DIALER_SOCKET"], !explicit.isEmpty { return explicit }
        return Self.default(environment: environment)
    }
}

import Foundation

/// A short private directory under /tmp for a test's socket (a socket path holds at most 107 bytes).
public struct TempSocketDirectory: Sendable {
    public let path: String

    public init() throws {
        path = "/tmp/dct-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    }

    public var socketPath: String { path + "/ctl.sock" }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}

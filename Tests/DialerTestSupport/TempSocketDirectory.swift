import Foundation

/// A short private directory under /tmp for a test's socket (a socket path holds at most 107 bytes).
struct TempSocketDirectory {
    let path: String

    init() throws {
        path = "/tmp/dct-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    }

    var socketPath: String { path + "/ctl.sock" }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

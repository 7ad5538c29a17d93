import Foundation

/// Where the repository's files are, from this file's path.
public enum Repository {
    public static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A directory of campaigns-examples/.
    public static func examples(_ name: String) -> String { root.appendingPathComponent("campaigns-examples/\(name)").path }
}

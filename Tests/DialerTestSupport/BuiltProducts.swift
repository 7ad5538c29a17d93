import Foundation

/// The package's executables, as built beside the running test bundle: a debug test run starts
/// debug builds and a release run (CI's) release builds, never a stale build of the other.
public enum BuiltProducts {
    private static let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()

    public static func executable(_ name: String) -> URL { directory.appendingPathComponent(name) }
}

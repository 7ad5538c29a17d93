import Foundation

/// A thread whose name shows in `top -H`, `ps -L` and profiles.
///
/// On Linux, `Thread.name` set before `start()` is kept by Foundation but never given to the
/// kernel, so the thread went by the name of whichever thread created it (a Dispatch worker's).
/// The kernel takes a thread's name only from that thread, so it is set first thing inside, and
/// it refuses a name of more than 15 bytes outright, so a longer one is cut to its first 15.
public enum NamedThread {
    public static func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let kernelName = String(decoding: name.utf8.prefix(15), as: UTF8.self)
        Thread {
            Thread.current.name = kernelName
            body()
        }.start()
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A thread whose name shows in `top -H`, `ps -L` and profiles.
///
/// On Linux, `Thread.name` set before `start()` is kept by Foundation but never given to the
/// kernel, so the thread went by the name of whichever thread created it (a Dispatch worker's).
/// The name is also written first thing inside the thread to its `/proc/thread-self/comm`
/// (`pthread_setname_np` is not visible to Swift on Glibc): `Thread.current.name` passes it on
/// only once the creating thread has stored the new thread's handle, which a new thread that
/// runs first has not yet done, and the name was then lost. The kernel refuses a name of more
/// than 15 bytes outright, so a longer one is cut to its first 15.
public enum NamedThread {
    public static func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let kernelName = String(decoding: name.utf8.prefix(15), as: UTF8.self)
        Thread {
            Thread.current.name = kernelName
            setKernelName(kernelName)
            body()
        }.start()
    }

    private static func setKernelName(_ name: String) {
        #if os(Linux)
            let fd = open("/proc/thread-self/comm", O_WRONLY)
            guard fd >= 0 else { return }
            defer { close(fd) }
            _ = name.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, name.utf8.count) }
        #endif
    }
}

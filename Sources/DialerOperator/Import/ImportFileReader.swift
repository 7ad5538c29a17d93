import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads one import file from a directory the server was pointed at. The server may run with
/// more rights than whoever names the path, so only a regular file in that directory is read:
/// a symbolic link could name any file the server can open, a FIFO or device would block or
/// never end, and a file's size is judged from the opened descriptor before any byte is read.
enum ImportFileReader {
    /// The file's text; nil when there is no such file. Blocking: run it off the cooperative pool.
    static func contents(of name: String, in directory: Int32, limit: Int) throws(ImportIssues) -> String? {
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
        let fd = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            if code == ELOOP { throw refusal(name, "is a symbolic link; an import reads regular files only") }
            throw refusal(name, "cannot be opened: \(String(cString: strerror(code)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw refusal(name, "cannot be examined: \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw refusal(name, "is not a regular file (\(kind(info.st_mode)))") }
        guard Int(info.st_size) <= limit else { throw refusal(name, "is \(info.st_size) bytes; an import file may be at most \(limit) bytes") }
        // The file may grow between fstat and read: never read more than one byte past the limit.
        var bytes = [UInt8](repeating: 0, count: limit + 1)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                throw refusal(name, "cannot be read: \(String(cString: strerror(errno)))")
            }
            count += got
        }
        guard count <= limit else { throw refusal(name, "grew past \(limit) bytes while it was read") }
        guard let text = String(validating: bytes[..<count], as: UTF8.self) else { throw refusal(name, "not UTF-8 text") }
        return text
    }

    private static func refusal(_ name: String, _ message: String) -> ImportIssues {
        ImportIssues([ImportIssue(file: name, line: nil, message: message)])
    }

    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }
}

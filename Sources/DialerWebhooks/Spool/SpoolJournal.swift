import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// An append-only file of records, each framed as `[length: UInt32 LE][CRC-32 of payload: UInt32 LE][payload]`.
///
/// `append` returns once the record is on disk (fsync), so a caller may then tell the sender
/// it has the data. A crash during an append can leave only the last record torn; opening the
/// journal finds it (a short frame or a checksum that does not match), cuts it off and reports
/// how many bytes it dropped. The file never grows beyond `maxBytes`.
///
/// Blocking file I/O: call it off the cooperative pool (`CallbackSpool` does).
final class SpoolJournal: Sendable {
    static let headerBytes = 8

    let path: String
    let maxBytes: Int
    /// Bytes cut off a torn tail when the journal was opened.
    let droppedTailBytes: Int
    private let directory: String
    private let state: Mutex<State>

    private struct State {
        var fd: Int32
        var size: Int
    }

    init(directory: String, fileName: String = "callbacks.spool", maxBytes: Int) throws(SpoolError) {
        self.directory = directory
        self.maxBytes = maxBytes
        path = directory + "/" + fileName
        try Self.makeDirectory(directory)
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        do throws(SpoolError) {
            let fileSize = try Self.fileSize(fd, path: path)
            let validEnd = try Self.validEnd(fd, size: fileSize, path: path)
            if validEnd < fileSize {
                guard ftruncate(fd, off_t(validEnd)) == 0 else { throw SpoolError.io(operation: "truncate", path: path, errno: errno) }
                guard fsync(fd) == 0 else { throw SpoolError.io(operation: "fsync", path: path, errno: errno) }
            }
            try Self.syncDirectory(directory)
            droppedTailBytes = fileSize - validEnd
            state = Mutex(State(fd: fd, size: validEnd))
        } catch {
            close(fd)
            throw error
        }
    }

    deinit {
        state.withLock { _ = close($0.fd) }
    }

    var byteCount: Int { state.withLock { $0.size } }
    var isEmpty: Bool { byteCount == 0 }

    /// Writes one record and fsyncs it. On any failure the file is cut back to where it was.
    func append(_ payload: [UInt8]) throws(SpoolError) {
        let recordBytes = Self.headerBytes + payload.count
        let path = self.path
        let maxBytes = self.maxBytes
        try state.withLock { (state: inout State) throws(SpoolError) in
            guard payload.count <= Int(UInt32.max), state.size + recordBytes <= maxBytes else { throw .full(limitBytes: maxBytes) }
            var record = [UInt8]()
            record.reserveCapacity(recordBytes)
            Self.appendLittleEndian(UInt32(payload.count), to: &record)
            Self.appendLittleEndian(CRC32.checksum(payload), to: &record)
            record += payload
            do throws(SpoolError) {
                try Self.writeAll(state.fd, record, path: path)
                guard fsync(state.fd) == 0 else { throw SpoolError.io(operation: "fsync", path: path, errno: errno) }
            } catch {
                _ = ftruncate(state.fd, off_t(state.size))
                throw error
            }
            state.size += recordBytes
        }
    }

    /// Up to `limit` whole records from `offset` on, each with the offset just past it.
    func records(from offset: Int, limit: Int) throws(SpoolError) -> [(payload: [UInt8], end: Int)] {
        let path = self.path
        return try state.withLock { (state: inout State) throws(SpoolError) in
            var out: [(payload: [UInt8], end: Int)] = []
            var position = offset
            while out.count < limit, let record = try Self.record(state.fd, at: position, size: state.size, path: path) {
                position = record.end
                out.append(record)
            }
            return out
        }
    }

    /// Removes every record before `offset` (an offset `records` returned). Emptying the whole
    /// file truncates it; otherwise the rest is copied to a new file that replaces the old one.
    func discard(upTo offset: Int) throws(SpoolError) {
        let path = self.path
        let directory = self.directory
        try state.withLock { (state: inout State) throws(SpoolError) in
            guard offset > 0 else { return }
            if offset >= state.size {
                guard ftruncate(state.fd, 0) == 0 else { throw .io(operation: "truncate", path: path, errno: errno) }
                guard fsync(state.fd) == 0 else { throw .io(operation: "fsync", path: path, errno: errno) }
                state.size = 0
                return
            }
            let rest = try Self.read(state.fd, at: offset, count: state.size - offset, path: path)
            let temporary = path + ".compacting"
            let fd = open(temporary, O_RDWR | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw .io(operation: "open", path: temporary, errno: errno) }
            do throws(SpoolError) {
                try Self.writeAll(fd, rest, path: temporary)
                guard fsync(fd) == 0 else { throw SpoolError.io(operation: "fsync", path: temporary, errno: errno) }
                guard rename(temporary, path) == 0 else { throw SpoolError.io(operation: "rename", path: temporary, errno: errno) }
                try Self.syncDirectory(directory)
            } catch {
                close(fd)
                unlink(temporary)
                throw error
            }
            close(state.fd)
            state.fd = fd
            state.size = rest.count
        }
    }

    // MARK: File primitives

    private static func record(_ fd: Int32, at offset: Int, size: Int, path: String) throws(SpoolError) -> (payload: [UInt8], end: Int)? {
        guard offset + headerBytes <= size else { return nil }
        let header = try read(fd, at: offset, count: headerBytes, path: path)
        let length = Int(littleEndian(header, 0))
        let checksum = littleEndian(header, 4)
        let end = offset + headerBytes + length
        guard end <= size else { return nil }
        let payload = try read(fd, at: offset + headerBytes, count: length, path: path)
        guard CRC32.checksum(payload) == checksum else { return nil }
        return (payload, end)
    }

    /// The end of the last whole record: where a torn or corrupt tail begins, if there is one.
    private static func validEnd(_ fd: Int32, size: Int, path: String) throws(SpoolError) -> Int {
        var position = 0
        while let record = try record(fd, at: position, size: size, path: path) { position = record.end }
        return position
    }

    private static func read(_ fd: Int32, at offset: Int, count: Int, path: String) throws(SpoolError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .io(operation: "read", path: path, errno: n == 0 ? EIO : errno) }
            done += n
        }
        return bytes
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(SpoolError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .io(operation: "write", path: path, errno: n == 0 ? EIO : errno) }
            done += n
        }
    }

    private static func fileSize(_ fd: Int32, path: String) throws(SpoolError) -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(operation: "stat", path: path, errno: errno) }
        return Int(info.st_size)
    }

    /// Creates the directory and its parents (mode 0700: callbacks carry personal data).
    private static func makeDirectory(_ directory: String) throws(SpoolError) {
        var prefix = directory.hasPrefix("/") ? "" : "."
        for part in directory.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST { throw .io(operation: "mkdir", path: prefix, errno: errno) }
        }
    }

    /// Makes a created or renamed file's directory entry durable.
    private static func syncDirectory(_ directory: String) throws(SpoolError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open", path: directory, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .io(operation: "fsync", path: directory, errno: errno) }
    }

    static func appendLittleEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    static func littleEndian(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << UInt32($1 * 8) }
    }
}

import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where finished log lines go. One line per call, newline included by the sink.
public protocol LogSink: Sendable {
    func write(_ line: String)
}

/// Standard error, one `write(2)` per line so lines from concurrent tasks never interleave.
public struct StandardErrorSink: LogSink {
    public init() {}

    public func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { if errno == EINTR { continue } else { return } }
                offset += written
            }
        }
    }
}

/// Keeps lines in memory, for tests.
public final class CollectingSink: LogSink {
    private let stored = Mutex<[String]>([])
    public init() {}
    public func write(_ line: String) { stored.withLock { $0.append(line) } }
    public var lines: [String] { stored.withLock { $0 } }
}
